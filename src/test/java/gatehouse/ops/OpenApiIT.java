package gatehouse.ops;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /openapi} as a client generator reads it: swagger-parser finds no error
 * and no warning, and every route of the WAR (each JAX-RS resource method, found
 * in the compiled classes) is documented with its method.
 */
class OpenApiIT extends GatehouseIT {

    @Test
    void theDocumentParsesCleanlyAndDocumentsEveryRoute() {
        Reply reply = http.get("/openapi").send();
        assertEquals(200, reply.status());
        assertTrue(reply.header("Content-Type").startsWith("application/yaml"), reply.header("Content-Type"));
        OpenAPI api = parse(reply.body());
        assertEquals("3.1.0", api.getOpenapi());
        assertTrue(api.getServers().get(0).getUrl().startsWith("http"), "the issuer is the server");
        assertNotNull(api.getComponents().getSecuritySchemes().get("basic"));
        assertNotNull(api.getComponents().getSecuritySchemes().get("bearer"));
        for (String schema : new String[] {"Bundle", "OperationOutcome", "OAuthError", "TokenRequest"}) {
            assertNotNull(api.getComponents().getSchemas().get(schema), schema);
        }

        Set<String> undocumented = new TreeSet<>();
        routes().forEach(route -> {
            String[] methodAndPath = route.split(" ", 2);
            PathItem item = api.getPaths().get(methodAndPath[1]);
            if (item == null || !item.readOperationsMap().containsKey(PathItem.HttpMethod.valueOf(methodAndPath[0]))) {
                undocumented.add(route);
            }
        });
        assertEquals(Set.of(), undocumented, "routes the server has and /openapi lacks");

        Reply json = http.get("/openapi").accept("application/json").send();
        assertEquals(200, json.status());
        assertEquals(api.getPaths().keySet(), parse(json.body()).getPaths().keySet());
    }

    private static OpenAPI parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertEquals(java.util.List.of(), result.getMessages() == null ? java.util.List.of() : result.getMessages(),
                "errors and warnings of swagger-parser");
        assertNotNull(result.getOpenAPI());
        return result.getOpenAPI();
    }

    /** "GET /auth/userinfo", "PUT /{type}/{id}", ...: every resource method of the WAR's classes. */
    private static Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        Map<Class<? extends java.lang.annotation.Annotation>, String> verbs = Map.of(GET.class, "GET", POST.class, "POST",
                PUT.class, "PUT", DELETE.class, "DELETE");
        for (JavaClass javaClass : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("gatehouse")) {
            if (!javaClass.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> type = javaClass.reflect();
            String root = "/" + type.getAnnotation(Path.class).value().replaceAll("^/|/$", "");
            for (Method method : type.getDeclaredMethods()) {
                verbs.forEach((annotation, verb) -> {
                    if (method.isAnnotationPresent(annotation)) {
                        Path sub = method.getAnnotation(Path.class);
                        routes.add(verb + " " + root + (sub == null ? "" : "/" + sub.value().replaceAll("^/|/$", "")));
                    }
                });
            }
        }
        assertTrue(routes.size() > 20, "found the routes: " + routes);
        return routes;
    }
}
