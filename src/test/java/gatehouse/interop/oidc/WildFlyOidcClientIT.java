package gatehouse.interop.oidc;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/sign-in.md with WildFly's {@code elytron-oidc-client}: the page's application
 * ({@code <auth-method>OIDC</auth-method>} in web.xml, its {@code oidc.json}) deployed beside
 * Gatehouse in the -Pwildfly profile's WildFly (two Arquillian deployments, Gatehouse first),
 * its client the page's YAML, and a headless Chromium signing a user in on Gatehouse's
 * login page. The Payara counterpart, with Jakarta Security's mechanism, is RelyingPartyIT.
 */
@ExtendWith({ArquillianExtension.class, LastResponseWatcher.class})
@RunAsClient
@EnabledIfSystemProperty(named = "wildfly.home", matches = ".+", disabledReason = "WildFly's OpenID Connect client: the -Pwildfly profile")
@DisabledIfSystemProperty(named = "it.db.class", matches = ".+", disabledReason = "runs on the H2 profiles only")
class WildFlyOidcClientIT {

    static final String APP = RelyingPartyApps.WILDFLY_APP;
    /** Gatehouse as the browser and the application reach it: WildFly's HTTP port, moved by the profile's offset. */
    static final String GATEHOUSE = "http://localhost:" + (8080 + Integer.getInteger("wildfly.port.offset", 0));

    static Browser browser;
    static boolean clientStored;

    @ArquillianResource
    @OperateOnDeployment("gatehouse")
    URL base;

    Http http;

    @RegisterExtension
    static final TestWatcher EVIDENCE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.saveEvidence("WildFlyOidcClientIT-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @Deployment(name = "gatehouse", order = 1, testable = false)
    public static WebArchive gatehouse() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("gatehouse.war", "target/gatehouse.war")));
    }

    /** After Gatehouse: elytron-oidc-client reads Gatehouse's discovery document. */
    @Deployment(name = APP, order = 2, testable = false)
    public static WebArchive application() throws IOException {
        return RelyingPartyApps.wildflyApp(Path.of("target", "wildfly-oidc-it", UUID.randomUUID().toString()).toAbsolutePath(), GATEHOUSE);
    }

    @BeforeEach
    void clientAndBrowser() throws IOException {
        http = new Http(base);
        if (!clientStored) {
            Reply client = http.put("/Client/" + APP).root().yaml(SignInDoc.at(SignInDoc.client(APP), GATEHOUSE)).send();
            assertTrue(client.status() == 201 || client.status() == 200, "the page's client: " + client);
            clientStored = true;
        }
        if (browser == null) {
            browser = Browser.start();
        }
        browser.open(GATEHOUSE + "/" + APP + "/index.html");
        browser.forgetCookies();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (clientStored) {
            new Http(GATEHOUSE).delete("/Client/" + APP).root().send();
            clientStored = false;
        }
    }

    private static String app(String path) {
        return GATEHOUSE + "/" + APP + path;
    }

    @Test
    void signInAtGatehouseWithPkceShowsTheCallerThenSignOutAtGatehouseClosesItsSessions() {
        TestUser user = TestUsers.user().roles("nurse").create(http);
        try {
            browser.open(app("/whoami"));
            Map<String, String> request = query(browser.awaitUrl(at -> at.startsWith(GATEHOUSE + "/auth/authorize?"),
                    "Gatehouse's authorization endpoint"));
            assertTrue(browser.onLoginPage(), "Gatehouse's login page:\n" + browser.text());
            assertEquals(APP, request.get("client_id"));
            assertEquals(app("/whoami"), request.get("redirect_uri"), "the page asked for, not a fixed callback");
            assertEquals("S256", request.get("code_challenge_method"));
            assertNotNull(request.get("code_challenge"));
            assertEquals("openid", request.get("scope"), "WildFly 39 asks for openid alone at its default stability level");

            browser.signIn(user.userName(), user.password());
            browser.awaitUrl(at -> at.startsWith(app("/whoami")) && browser.text().contains("caller:"), "the application's page");
            String page = browser.text();
            assertTrue(page.contains("caller: " + user.id() + "\n"), "principal-attribute sub: the user's id\n" + page);
            // WildFly 39 reads the user's roles from the access token's "roles" claim: the servlet's
            // rolesAllowed = "nurse" let the user in, and the caller is in the role.
            assertTrue(page.contains("nurse: true"), page);

            List<JsonObject> sessions = sessions("client.id=" + APP + "&user.id=" + user.id());
            assertEquals(1, sessions.size(), sessions.toString());
            JsonObject appSession = sessions.get(0);
            assertEquals("authorization_code", appSession.getString("type"));
            String browserSessionId = appSession.getJsonObject("sso").getString("id");

            String link = SignInDoc.at(SignInDoc.block("text", "/auth/logout?").strip(), GATEHOUSE)
                    .replace("client_id=" + RelyingPartyApps.JAKARTA_APP, "client_id=" + APP)
                    .replace(URLEncoder.encode("/" + RelyingPartyApps.JAKARTA_APP + "/", StandardCharsets.UTF_8),
                            URLEncoder.encode("/" + APP + "/", StandardCharsets.UTF_8));
            browser.open(link);
            browser.awaitUrl(at -> at.equals(app("/")), "the registered post_logout_redirect_uri");
            assertTrue(browser.text().contains(RelyingPartyApps.SIGNED_OUT), browser.text());
            assertTrue(session(appSession.getString("id")).containsKey("closed"), "the application's Session is closed");
            assertTrue(session(browserSessionId).containsKey("closed"), "the browser Session is closed");

            assertNull(browser.cookie("gatehouse_sso"), "Gatehouse's cookie is cleared");

            // Gatehouse asks again: its authorization endpoint (with this client's PKCE) shows the login page.
            browser.open(GATEHOUSE + "/auth/authorize?response_type=code&client_id=" + APP
                    + "&redirect_uri=" + URLEncoder.encode(app("/whoami"), StandardCharsets.UTF_8)
                    + "&scope=openid&state=s-" + UUID.randomUUID() + "&code_challenge=" + s256("verifier-" + UUID.randomUUID())
                    + "&code_challenge_method=S256");
            assertTrue(browser.onLoginPage(), "Gatehouse asks again:\n" + browser.text());
        } finally {
            // the profile's WildFly and its database serve the other IT classes of the run too
            http.delete("/User/" + user.id()).root().send();
        }
    }

    /** RFC 7636 S256: base64url(SHA-256(verifier)) without padding. */
    private static String s256(String verifier) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonObject> sessions(String query) {
        Reply reply = http.get("/Session?" + query).root().send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("entry").stream().map(entry -> entry.asJsonObject().getJsonObject("resource")).toList();
    }

    private JsonObject session(String id) {
        Reply reply = http.get("/Session/" + id).root().send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
