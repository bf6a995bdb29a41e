package gatehouse.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

import gatehouse.testing.DocExamples;
import gatehouse.testing.DocExamples.Request;
import gatehouse.testing.DocExamples.Step;
import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation's examples, read from the Markdown files and sent to a real server in
 * the order each page shows them (the convention is in docs/testing.md and
 * {@link DocExamples}): the README's first token, the console's administrator, the
 * access-policy recipes and {@code POST /auth/explain}, the search examples and the
 * operating examples. The documented server address and root secret become the test
 * server's; a doc edited without the server (or the other way round) fails here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsIT extends GatehouseIT {

    private static final String DOC_ROOT_SECRET = "change-me-to-a-long-secret";

    /**
     * The resources the docs store, under the docs' own ids (myapp, user, app, …). The IT
     * servers of one build share their database, and several policies are unlinked (they
     * apply to every caller), so all of them go when this class is done: policies first,
     * lest they allow what another class's test expects refused.
     */
    private static final java.util.Set<String> WRITTEN = new java.util.LinkedHashSet<>();
    private static String server;

    @org.junit.jupiter.api.BeforeEach
    void rememberTheServer() {
        server = base.toString();
    }

    @org.junit.jupiter.api.AfterAll
    static void removeWhatTheDocsStored() {
        Http root = new Http(server);
        List<String> paths = new java.util.ArrayList<>(WRITTEN);
        paths.sort(java.util.Comparator.comparing(path -> !path.startsWith("/AccessPolicy/")));
        for (String path : paths) {
            int status = root.delete(path).root().send().status();
            assertTrue(status == 200 || status == 404, "DELETE " + path + " -> " + status);
        }
    }

    /** Sends each step of a page; the variables its commands capture stay for the page. */
    private void run(String page) {
        List<Step> steps = DocExamples.of(page).steps();
        assertFalse(steps.isEmpty(), page + " has no executed examples");
        String root = System.getProperty("it.root.secret");
        Map<String, String> variables = new HashMap<>(Map.of("ROOT", root));
        for (Step step : steps) {
            Reply reply;
            if (step.yamlPut() != null) {
                remember(step.yamlPut(), "PUT", null);
                reply = http.put(step.yamlPut()).root().yaml(step.expected()).send();
                assertTrue(reply.status() == 200 || reply.status() == 201, step.source() + " PUT " + step.yamlPut() + " -> " + reply);
                continue;
            }
            Request request = DocExamples.request(step.words(), variables, step.source());
            Http.Request sent = http.method(request.method(), request.path());
            request.headers().forEach(sent::header);
            if (request.user() != null) {
                int colon = request.user().indexOf(':');
                String secret = request.user().substring(colon + 1);
                sent.basic(request.user().substring(0, colon), secret.equals(DOC_ROOT_SECRET) ? root : secret);
            }
            if (request.body() != null) {
                String body = request.body();
                if (body.startsWith("@")) {
                    body = DocExamples.of(page).yamlFile(body.substring(1));
                }
                sent.body(null, body);
            }
            reply = sent.send();
            remember(request.path(), request.method(), reply);
            String what = step.source() + " " + request.method() + " " + request.path() + " -> " + reply;
            if (step.status() != null) {
                assertEquals(step.status().intValue(), reply.status(), what);
            } else {
                assertTrue(reply.status() / 100 == 2, what);
            }
            if (step.expected() != null) {
                JsonValue expected = DocExamples.parseExpected(step.expected(), step.source());
                Optional<String> mismatch = DocExamples.mismatch(expected, reply.json(), "answer");
                assertTrue(mismatch.isEmpty(), what + "\n" + mismatch.orElse(""));
            }
            if (step.capture() != null) {
                String value = reply.body();
                if (step.extract() != null) {
                    Matcher matcher = step.extract().matcher(value);
                    assertTrue(matcher.matches(), step.source() + ": the sed expression finds nothing in " + value);
                    value = matcher.group(1);
                }
                variables.put(step.capture(), value);
            }
        }
    }

    private static void remember(String path, String method, Reply reply) {
        String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        boolean resource = plain.matches("/[A-Z][A-Za-z0-9]*(/[^/]+)?") && !plain.startsWith("/Session");
        if (resource && method.equals("PUT") && plain.indexOf('/', 1) > 0) {
            WRITTEN.add(plain);
        } else if (resource && method.equals("POST") && reply != null && reply.header("Location") != null) {
            String location = reply.header("Location");
            WRITTEN.add(location.substring(location.indexOf(plain)));
        }
    }

    @Test
    @Order(1)
    void readmeFirstToken() {
        run("README.md");
        assertEquals("Ann", http.get("/Patient/pt-1").root().send().json().getString("name"));
    }

    @Test
    @Order(2)
    void consoleAdministrator() {
        run("docs/console.md");
        // The console itself signs in through the login page (ConsoleIT); the password grant of a client shows the policy.
        TestClients.TestClient client = TestClients.confidential().create(http);
        Reply token = http.post("/auth/token").oauthBasic(client.id(), client.secret()).form("grant_type", "password",
                "username", "admin", "password", "a-long-admin-password").send();
        assertEquals(200, token.status(), token.body());
        String bearer = token.json().getString("access_token");
        assertEquals(200, http.get("/Client?_count=1").bearer(bearer).send().status(), "the administrator reads the clients");
        TestUser plain = TestUsers.user().create(http);
        assertEquals(200, http.put("/User/" + plain.id()).bearer(bearer)
                .json("{\"userName\":\"" + plain.userName() + "\",\"roles\":[{\"value\":\"console-admin\"}]}").send().status(),
                "and grants roles, a privileged field");
    }

    /**
     * The recipes are stored under the ids their headings give, for every caller as the page
     * shows them; what each allows and refuses is checked here.
     */
    @Test
    @Order(3)
    void accessPolicyRecipes() {
        String labFeed = "lab-" + UUID.randomUUID();
        assertEquals(201, http.put("/Client/lab-feed").root().json("{\"secret\":\"" + labFeed + "\",\"grant_types\":[]}").send().status());
        String thermostat = "th-" + UUID.randomUUID();
        assertEquals(201, http.put("/Client/thermostat").root()
                .json("{\"secret\":\"" + thermostat + "\",\"grant_types\":[\"client_credentials\"]}").send().status());

        run("docs/access-policies.md");

        String alice = token("alice", "alice-password");
        assertEquals(200, http.get("/User/alice").bearer(alice).send().status(), "own-user: its own User");
        TestUser bob = TestUsers.user().create(http);
        assertEquals(403, http.get("/User/" + bob.id()).bearer(alice).send().status(), "own-user: nobody else's");
        assertEquals(403, http.put("/User/alice").bearer(alice).json("{\"userName\":\"alice\",\"roles\":[{\"value\":\"admin\"}]}")
                .send().status(), "own-user: never its roles");

        TestUser admin = TestUsers.user().roles("admin").create(http);
        String adminToken = token(admin.userName(), admin.password());
        assertEquals(200, http.put("/User/" + bob.id()).bearer(adminToken)
                .json("{\"userName\":\"" + bob.userName() + "\",\"roles\":[{\"value\":\"nurse\"}]}").send().status(), "user-admins: roles");

        assertEquals(200, http.get("/Session?user.id=alice").bearer(alice).send().status(), "own-sessions: lists its own");
        assertEquals(403, http.get("/Session?user.id=" + bob.id()).bearer(alice).send().status(), "own-sessions: nobody else's");
        assertEquals(403, http.get("/Session").bearer(alice).send().status(), "own-sessions: not everyone's");

        assertEquals(201, http.post("/Observation").basic("lab-feed", labFeed).json("{\"status\":\"final\"}").send().status());
        assertEquals(403, http.post("/Patient").basic("lab-feed", labFeed).json("{}").send().status(), "lab-feed: one type");
        assertEquals(403, http.get("/Observation").basic("lab-feed", labFeed).send().status(), "lab-feed: creates only");

        Reply service = http.post("/auth/token").oauthBasic("thermostat", thermostat).form("grant_type", "client_credentials").send();
        assertEquals(200, service.status(), service.body());
        String device = service.json().getString("access_token");
        assertEquals(201, http.put("/Device/thermostat").bearer(device).json("{\"setpoint\":21}").send().status());
        assertEquals(200, http.get("/Device/thermostat").bearer(device).send().status());
        assertEquals(403, http.get("/Device/boiler").bearer(device).send().status(), "thermostat: only the Device named after it");

        assertEquals(200, http.delete("/Session?user.id=alice").bearer(alice).send().status() / 100 * 100,
                "own-sessions: closes its own");
    }

    private String token(String userName, String password) {
        String secret = "s-" + UUID.randomUUID();
        String client = "c-" + UUID.randomUUID();
        assertEquals(201, http.put("/Client/" + client).root().json(Json.createObjectBuilder().add("secret", secret)
                .add("grant_types", Json.createArrayBuilder().add("password")).build()).send().status());
        Reply reply = http.post("/auth/token").oauthBasic(client, secret)
                .form("grant_type", "password", "username", userName, "password", password).send();
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("access_token");
    }

    @Test
    @Order(4)
    void searchExamples() {
        run("docs/search.md");
    }

    @Test
    @Order(5)
    void operatingExamples() {
        run("docs/operating.md");
    }

    /** A resource server's client and its introspection call (an unknown token: {"active":false}). */
    @Test
    @Order(6)
    void javaEeAppExamples() {
        run("docs/java-ee-apps.md");
    }
}
