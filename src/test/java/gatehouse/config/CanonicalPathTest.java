package gatehouse.config;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CanonicalPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            // matrix parameters, on every segment and in every spelling
            "/Client;x=1/victim", "/Client/victim;x=1", "/Client;/victim", "/Patient/secret-one;x=-pub", "/;x/Client",
            "/auth/token;jsessionid=1", "/Client%3Bx=1/victim", "/Client%3bx/victim",
            // encoded separators and escapes
            "/Client%2Fvictim", "/Client%2fvictim", "/Client/victim%2E", "/Client/%2e%2e/User", "/Client/%25victim",
            "/Client/%2541", "/Client%5Cvictim", "/Client\\victim",
            // empty, dot and dot-dot segments, trailing slashes
            "//Client/victim", "/Client//victim", "/Client/victim/", "/Client/", "/./Client/victim", "/Client/./victim",
            "/Patient/../Client/victim", "/Client/victim/.", "/Client/victim/..", "/auth/token/", "/auth//token", "/health/",
            // case variants of built-in types and server paths
            "/client/victim", "/CLIENT/victim", "/cLient", "/user", "/USER/carol", "/session", "/Accesspolicy/p",
            "/auditevent", "/Auth/token", "/AUTH/token", "/Health", "/Console/", "/OpenAPI", "/Error",
            // lower-case first segments that are not the server's, and types that are no types
            "/patient/x", "/nope", "/_x", "/9Patient", "/-", "/PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
            // look-alikes, overlong UTF-8, controls and raw non-ASCII
            "/%D0%A1lient/victim", "/Client/%C0%AEvictim", "/Client%C0%AFvictim", "/Client/victim%00", "/Client/vic%20tim",
            "/Client/victim%0A", "/Сlient/victim", "/Client/vïctim", "/Client/vic tim",
            // malformed escapes and a relative path
            "/Client/victim%", "/Client/victim%4", "/Client/victim%zz", "Client/victim"
    })
    void whenAnyReaderCouldTakeItForAnotherPathThenRefused(String raw) {
        assertThrows(CanonicalPath.NotCanonical.class, () -> CanonicalPath.parse(raw));
    }

    @Test
    void whenCanonicalThenTypeAndIdComeFromTheOneParse() {
        CanonicalPath client = CanonicalPath.parse("/Client/victim");
        assertEquals("/Client/victim", client.path());
        assertEquals("Client/victim", client.relative());
        assertEquals(Optional.of("Client"), client.type());
        assertEquals(Optional.of("victim"), client.id());

        CanonicalPath type = CanonicalPath.parse("/Patient");
        assertEquals(Optional.of("Patient"), type.type());
        assertEquals(Optional.empty(), type.id());

        CanonicalPath server = CanonicalPath.parse("/auth/token");
        assertEquals(Optional.empty(), server.type());
        assertEquals(List.of("auth", "token"), server.segments());

        assertEquals(Optional.empty(), CanonicalPath.parse("/Patient/pt-1/history").type(), "not a resource path");
        assertEquals("/", CanonicalPath.parse("").path());
        assertEquals("/", CanonicalPath.parse("/").path());
        assertEquals("/console/", CanonicalPath.parse("/console/").path(), "the console's directory keeps its slash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%43lient/victim", "/Patient/a%2Db.c", "/%53ession", "/auth/%74oken", "/Patient/%41"})
    void whenEvenAnUnreservedCharacterIsEncodedThenRefused(String raw) { // JAX-RS would route /%53ession elsewhere
        assertThrows(CanonicalPath.NotCanonical.class, () -> CanonicalPath.parse(raw));
    }

    @Test
    void whenIdsUseEveryCharacterTheyMayThenAccepted() {
        assertEquals(Optional.of("a-B.9"), CanonicalPath.parse("/Patient/a-B.9").id());
        assertEquals(Optional.of("x..y"), CanonicalPath.parse("/Patient/x..y").id());
    }

    @Test
    void whenAGenericTypeDiffersOnlyInCaseFromAnotherGenericTypeThenBothAreTheirOwn() {
        assertEquals(Optional.of("PATIENT"), CanonicalPath.parse("/PATIENT/x").type());
        assertEquals(Optional.of("Patient"), CanonicalPath.parse("/Patient/x").type());
    }

    @Test
    void whenAJaxRsFilterAsksThenItGetsTheServletFiltersParseOrJudgesTheRawPathItself() {
        CanonicalPath parsed = CanonicalPath.parse("/Session");
        assertSame(parsed, CanonicalPath.of(jaxrs(parsed, "http://h/", "http://h/Patient/pt-1")));
        assertEquals("/Patient/pt-1", CanonicalPath.of(jaxrs(null, "http://h/", "http://h/Patient/pt-1")).path());
        assertEquals("/Patient/pt-1", CanonicalPath.of(jaxrs(null, "http://h/gh/", "http://h/gh/Patient/pt-1")).path());
        for (String raw : List.of("http://h/Client;x=1/victim", "http://h/Client/%2e%2e/User", "http://h/client/victim",
                "http://h/gh/Client//victim")) {
            String base = raw.startsWith("http://h/gh/") ? "http://h/gh/" : "http://h/";
            assertThrows(CanonicalPath.NotCanonical.class, () -> CanonicalPath.of(jaxrs(null, base, raw)), raw);
        }
    }

    /** A JAX-RS request with one property (the servlet filter's parse, or none) and its base and request URIs. */
    private static ContainerRequestContext jaxrs(CanonicalPath property, String base, String requested) {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBaseUri" -> URI.create(base);
                    case "getRequestUri" -> URI.create(requested);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> CanonicalPath.ATTRIBUTE.equals(args[0]) ? property : null;
                    case "getUriInfo" -> uri;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
