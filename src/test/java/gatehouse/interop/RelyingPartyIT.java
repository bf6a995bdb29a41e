package gatehouse.interop;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import gatehouse.interop.oidc.Browser;
import gatehouse.interop.oidc.RelyingPartyApps;
import gatehouse.interop.oidc.SignInDoc;
import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/sign-in.md with Jakarta Security's standard OpenID Connect mechanism
 * ({@code @OpenIdAuthenticationMechanismDefinition}, Soteria in Payara): the page's
 * application, compiled from its examples, runs beside Gatehouse in one Payara Micro
 * (started here, as {@link JavaEeInteropIT} does), its client is the page's YAML, and a
 * headless Chromium signs a user in on Gatehouse's login page and out again.
 */
@ExtendWith(LastResponseWatcher.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// The browser, the application and Gatehouse speak HTTP: the database is the other ITs' business,
// so this runs on H2 only (disabled before any server starts on the PostgreSQL profiles), and on
// Payara only: WildFlyOidcClientIT is its WildFly counterpart.
@DisabledIfSystemProperty(named = "it.db.class", matches = ".+", disabledReason = "runs on the H2 profiles only")
@StartsPayaraMicro
class RelyingPartyIT {

    static final String APP = RelyingPartyApps.JAKARTA_APP;
    static final String SPA = RelyingPartyApps.SPA;

    static PayaraMicroProcess server;
    static String issuer;
    static Browser browser;

    Http http;

    @RegisterExtension
    static final TestWatcher EVIDENCE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.saveEvidence("RelyingPartyIT-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void startGatehouseWithTheApplication() throws Exception {
        Path work = Path.of("target", "relying-party-it", UUID.randomUUID().toString()).toAbsolutePath();
        int port = PayaraMicroProcess.freePort();
        issuer = "http://localhost:" + port;
        Path war = RelyingPartyApps.export(RelyingPartyApps.jakartaSecurityApp(work, issuer), work.resolve("wars"));
        Path spa = RelyingPartyApps.export(RelyingPartyApps.singlePageApp(issuer), work.resolve("wars"));
        server = PayaraMicroProcess.start(work, port, Map.of(
                "GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"),
                "GATEHOUSE_ISSUER", issuer), List.of(war, spa));
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (server.http().get("/" + APP + "/index.html").send().status() != 200
                || server.http().get("/" + SPA + "/").send().status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(APP + " and " + SPA + " not deployed:\n" + server.log());
            }
            Thread.sleep(250);
        }
        Reply client = server.http().put("/Client/" + APP).root().yaml(SignInDoc.at(SignInDoc.client(APP), issuer)).send();
        assertEquals(201, client.status(), "the page's client: " + client);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
                browser = null;
            }
        } finally {
            if (server != null) {
                server.http().delete("/Client/" + APP).root().send();
                server.close();
            }
        }
    }

    @BeforeEach
    void freshBrowser() {
        http = server.http();
        browser.open(app("/index.html"));
        browser.forgetCookies();
    }

    private static String app(String path) {
        return issuer + "/" + APP + path;
    }

    /** Opens the protected page: the browser lands on Gatehouse's login page. */
    private Map<String, String> openTheAppAndLandOnTheLoginPage() {
        browser.open(app("/whoami"));
        String url = browser.awaitUrl(at -> at.startsWith(issuer + "/auth/authorize?"), "Gatehouse's authorization endpoint");
        assertTrue(browser.onLoginPage(), "Gatehouse's login page:\n" + browser.text());
        return query(url);
    }

    private void signInToTheApp(TestUser user) {
        openTheAppAndLandOnTheLoginPage();
        browser.signIn(user.userName(), user.password());
        browser.awaitUrl(at -> at.startsWith(app("/whoami")), "the application's page");
    }

    @Test
    @Order(1)
    void signInAtGatehouseShowsTheCallerAndItsRolesThenSigningOutOfTheAppEndsBothSessions() {
        TestUser user = TestUsers.user().roles("nurse").create(http);

        Map<String, String> request = openTheAppAndLandOnTheLoginPage();
        assertEquals("code", request.get("response_type"));
        assertEquals(APP, request.get("client_id"));
        assertEquals(app("/callback"), request.get("redirect_uri"));
        assertEquals(List.of("email", "openid", "profile"),
                List.of(request.get("scope").split(" ")).stream().sorted().toList());
        assertNotNull(request.get("state"));
        assertNotNull(request.get("nonce"), "Jakarta Security sends a nonce (and no PKCE challenge)");

        browser.signIn(user.userName(), user.password());
        browser.awaitUrl(at -> at.startsWith(app("/whoami")), "the application's page");
        String page = browser.text();
        assertTrue(page.contains("caller: " + user.userName()), "the caller is the user's userName (preferred_username):\n" + page);
        assertTrue(page.contains("nurse: true"), "the user's roles are its groups:\n" + page);
        assertTrue(page.contains("admin: false"), page);

        JsonObject appSession = onlySession("client.id=" + APP + "&user.id=" + user.id());
        assertEquals("authorization_code", appSession.getString("type"));
        assertFalse(appSession.containsKey("closed"));
        String browserSessionId = appSession.getJsonObject("sso").getString("id");
        JsonObject browserSession = session(browserSessionId);
        assertEquals("browser", browserSession.getString("type"));
        assertEquals(user.id(), browserSession.getJsonObject("user").getString("id"));
        assertFalse(browserSession.containsKey("client"), "a browser Session has no client");
        assertFalse(browserSession.containsKey("closed"));

        // The application's sign-out: its HTTP session ends, then Gatehouse's end_session_endpoint
        // with id_token_hint sends the browser back to the registered post_logout_redirect_uri.
        browser.open(app("/logout"));
        browser.awaitUrl(at -> at.equals(app("/")), "the registered post_logout_redirect_uri");
        assertTrue(browser.text().contains(RelyingPartyApps.SIGNED_OUT), browser.text());
        assertTrue(session(appSession.getString("id")).containsKey("closed"), "the application's Session is closed");
        assertTrue(session(browserSessionId).containsKey("closed"), "the browser Session is closed");

        // Neither the application nor Gatehouse remembers the user: the login page again.
        openTheAppAndLandOnTheLoginPage();
    }

    @Test
    @Order(2)
    void signOutAtGatehouseWithTheDocumentedLinkReturnsToTheApplicationAndClosesItsSessions() {
        TestUser user = TestUsers.user().roles("nurse").create(http);
        signInToTheApp(user);
        JsonObject appSession = onlySession("client.id=" + APP + "&user.id=" + user.id());
        String browserSessionId = appSession.getJsonObject("sso").getString("id");

        String link = SignInDoc.at(SignInDoc.block("text", "/auth/logout?").strip(), issuer);
        assertTrue(link.contains("client_id=" + APP), link);
        browser.open(link + "&state=after-logout");
        String back = browser.awaitUrl(at -> at.startsWith(app("/")) && !at.contains("/auth/"), "the registered post_logout_redirect_uri");
        assertEquals(app("/") + "?state=after-logout", back);
        assertNull(browser.cookie("gatehouse_sso"), "Gatehouse's cookie is cleared");
        assertTrue(session(appSession.getString("id")).containsKey("closed"), "the application's Session is closed");
        assertTrue(session(browserSessionId).containsKey("closed"), "the browser Session is closed");

        // Gatehouse asks again: its authorization endpoint shows the login page.
        browser.open(issuer + "/auth/authorize?" + form(Map.of("response_type", "code", "client_id", APP,
                "redirect_uri", app("/callback"), "scope", "openid", "state", "s-" + UUID.randomUUID(), "nonce", "n")));
        assertTrue(browser.onLoginPage(), "Gatehouse's login page:\n" + browser.text());
    }

    @Test
    @Order(3)
    void aWrongPasswordKeepsTheUserOnGatehousesLoginPageWithAnAlert() {
        TestUser user = TestUsers.user().roles("nurse").create(http);
        openTheAppAndLandOnTheLoginPage();
        browser.signIn(user.userName(), user.password() + "-wrong");
        browser.awaitUrl(at -> at.startsWith(issuer + "/auth/"), "Gatehouse");
        assertTrue(browser.onLoginPage(), "the login page again:\n" + browser.text());
        assertNotNull(browser.alert(), "the error message is an alert:\n" + browser.source());
        assertEquals(0, sessions("user.id=" + user.id()).size(), "nobody signed in");

        browser.signIn(user.userName(), user.password());
        browser.awaitUrl(at -> at.startsWith(app("/whoami")), "the application's page");
        assertTrue(browser.text().contains("caller: " + user.userName()), browser.text());
    }

    @Test
    @Order(4)
    void aUserWithoutTheApplicationsRoleIsSignedInButForbidden() {
        TestUser user = TestUsers.user().roles("admin").create(http);
        signInToTheApp(user);
        assertFalse(browser.text().contains("caller:"), "the servlet did not answer:\n" + browser.text());
        assertTrue(browser.text().contains("403") || browser.text().toLowerCase().contains("forbidden"), browser.text());
        assertEquals(1, sessions("client.id=" + APP + "&user.id=" + user.id()).size(), "signed in all the same");
    }

    @Test
    @Order(5)
    void aClientThatIsNotFirstPartyAsksForConsentRemembersItAndAsksAgainOnceWithdrawn() {
        String firstParty = SignInDoc.at(SignInDoc.client(APP), issuer);
        assertTrue(firstParty.contains("first_party: true"), firstParty);
        assertEquals(200, http.put("/Client/" + APP).root().yaml(firstParty.replace("first_party: true", "first_party: false"))
                .send().status());
        try {
            TestUser user = TestUsers.user().roles("nurse").create(http);
            openTheAppAndLandOnTheLoginPage();
            browser.signIn(user.userName(), user.password());
            browser.awaitUrl(at -> browser.onConsentPage(), "the consent page");
            assertTrue(browser.text().contains(APP), "the consent page names the client:\n" + browser.text());

            browser.decide("deny");
            Map<String, String> refused = query(browser.awaitUrl(at -> at.startsWith(app("/callback?")), "the redirect_uri"));
            assertEquals("access_denied", refused.get("error"));
            assertEquals(issuer, refused.get("iss"));
            assertNotNull(refused.get("state"));
            assertNull(refused.get("code"));
            assertEquals(0, consents(user).size());

            // Still signed in at Gatehouse: no login page, the consent page again.
            browser.open(app("/whoami"));
            browser.awaitUrl(at -> browser.onConsentPage(), "the consent page");
            assertFalse(browser.onLoginPage());
            browser.decide("allow");
            browser.awaitUrl(at -> at.startsWith(app("/whoami")), "the application's page");
            assertTrue(browser.text().contains("caller: " + user.userName()), browser.text());
            List<JsonObject> consents = consents(user);
            assertEquals(1, consents.size());
            assertEquals(APP, consents.get(0).getJsonObject("client").getString("id"));
            assertTrue(consents.get(0).getJsonArray("scope").toString().contains("\"openid\""), consents.get(0).toString());

            // Given once: the next sign-in goes straight through.
            browser.open(app("/logout"));
            browser.awaitUrl(at -> at.startsWith(app("/")) && !at.contains("/auth/"), "the post_logout_redirect_uri");
            signInToTheApp(user);
            assertTrue(browser.text().contains("caller: " + user.userName()), browser.text());

            // Withdrawn: asked again.
            assertEquals(200, http.delete("/Consent/" + consents.get(0).getString("id")).root().send().status());
            browser.open(app("/logout"));
            browser.awaitUrl(at -> at.startsWith(app("/")) && !at.contains("/auth/"), "the post_logout_redirect_uri");
            openTheAppAndLandOnTheLoginPage();
            browser.signIn(user.userName(), user.password());
            browser.awaitUrl(at -> browser.onConsentPage(), "the consent page");
        } finally {
            http.put("/Client/" + APP).root().yaml(firstParty).send();
        }
    }

    @Test
    @Order(6)
    void theSinglePageAppOfThePageSignsInWithPkceAndWithoutASecret() throws Exception {
        Reply stored = http.put("/Client/" + SPA).root().yaml(SignInDoc.at(SignInDoc.client(SPA), issuer)).send();
        assertEquals(201, stored.status(), stored.toString());
        try {
            TestUser user = TestUsers.user().roles("nurse").create(http);
            browser.open(issuer + "/" + SPA + "/");
            browser.script("signIn(); return null;");
            Map<String, String> request = query(browser.awaitUrl(at -> at.startsWith(issuer + "/auth/authorize?"),
                    "Gatehouse's authorization endpoint"));
            assertEquals(SPA, request.get("client_id"));
            assertEquals("S256", request.get("code_challenge_method"));
            assertTrue(request.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), request.get("code_challenge"));
            assertTrue(browser.onLoginPage(), browser.text());

            browser.signIn(user.userName(), user.password());
            Map<String, String> answer = query(browser.awaitUrl(at -> at.startsWith(issuer + "/" + SPA + "/?"), "the SPA's redirect_uri"));
            assertNotNull(answer.get("code"));
            assertEquals(issuer, answer.get("iss"));
            Object tokens = browser.script("return completeSignIn().then(tokens => JSON.stringify(tokens));");
            assertEquals(issuer + "/" + SPA + "/", browser.url(), "the code left the address bar");
            JsonObject response;
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(String.valueOf(tokens)))) {
                response = reader.readObject();
            }
            assertTrue(response.containsKey("refresh_token"), response.toString());
            assertTrue(response.containsKey("id_token"), response.toString());
            Reply userinfo = http.get("/auth/userinfo").bearer(response.getString("access_token")).send();
            assertEquals(200, userinfo.status(), userinfo.toString());
            assertEquals(user.id(), userinfo.json().getString("sub"));
            assertEquals(1, sessions("client.id=" + SPA + "&user.id=" + user.id()).size());
        } finally {
            http.delete("/Client/" + SPA).root().send();
        }
    }

    // --- Gatehouse's records, read as root ---

    private List<JsonObject> search(String type, String query) {
        Reply reply = http.get("/" + type + "?" + query).root().send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("entry").stream()
                .map(entry -> entry.asJsonObject().getJsonObject("resource")).toList();
    }

    private List<JsonObject> sessions(String query) {
        return search("Session", query);
    }

    private JsonObject onlySession(String query) {
        List<JsonObject> found = sessions(query);
        assertEquals(1, found.size(), query + ": " + found);
        return found.get(0);
    }

    private JsonObject session(String id) {
        Reply reply = http.get("/Session/" + id).root().send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private List<JsonObject> consents(TestUser user) {
        return search("Consent", "user.id=" + user.id());
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

    private static String form(Map<String, String> parameters) {
        StringBuilder form = new StringBuilder();
        new HashMap<>(parameters).forEach((name, value) -> form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }
}
