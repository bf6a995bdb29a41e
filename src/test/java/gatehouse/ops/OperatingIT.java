package gatehouse.ops;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import io.swagger.v3.oas.models.OpenAPI;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The operating endpoints on a running server (Payara and WildFly alike): health
 * without credentials, metrics for root or a scrape client, the audit trail of
 * logins and writes, the OpenAPI document, and the server's own paths kept apart
 * from resource types.
 */
class OperatingIT extends GatehouseIT {

    @Test
    void healthEndpointsAnswerUpWithoutCredentials() {
        for (String path : List.of("/health/live", "/health/ready", "/health/started", "/health")) {
            Reply reply = http.get(path).send();
            assertEquals(200, reply.status(), path);
            assertTrue(reply.header("Content-Type").startsWith("application/json"), path);
            JsonObject body = reply.json();
            assertEquals("UP", body.getString("status"), path);
            assertFalse(body.getJsonArray("checks").isEmpty(), path);
            body.getJsonArray("checks").getValuesAs(JsonObject.class)
                    .forEach(check -> assertEquals("UP", check.getString("status"), path + " " + check));
        }
        assertTrue(http.get("/health/ready").send().json().getJsonArray("checks").toString().contains("\"database\""));
    }

    /**
     * {@code /openapi} as a client generator reads it: swagger-parser finds no error
     * and no warning, {@code info.version} is the build's (the pom's), and every route of the WAR (each JAX-RS resource method, found
     * in the compiled classes) is documented with its method.
     */
    @Test
    void theOpenApiDocumentParsesCleanlyAndDocumentsEveryRoute() {
        Reply reply = http.get("/openapi").send();
        assertEquals(200, reply.status());
        assertTrue(reply.header("Content-Type").startsWith("application/yaml"), reply.header("Content-Type"));
        OpenAPI api = OpenApiDocuments.parse(reply.body());
        assertEquals("3.1.0", api.getOpenapi());
        String version = System.getProperty("it.version");
        assertNotNull(version, "the build's version (failsafe's it.version)");
        assertEquals(version, api.getInfo().getVersion(), "info.version is the version of the build");
        assertTrue(api.getServers().get(0).getUrl().startsWith("http"), "the issuer is the server");
        assertNotNull(api.getComponents().getSecuritySchemes().get("basic"));
        assertNotNull(api.getComponents().getSecuritySchemes().get("bearer"));
        for (String schema : new String[] {"Bundle", "OperationOutcome", "OAuthError", "TokenRequest"}) {
            assertNotNull(api.getComponents().getSchemas().get(schema), schema);
        }

        assertEquals(List.of(), OpenApiDocuments.differences(api, OpenApiDocuments.routeMap()),
                "/openapi and the routes of the WAR, both ways");

        Reply json = http.get("/openapi").accept("application/json").send();
        assertEquals(200, json.status());
        assertEquals(api.getPaths().keySet(), OpenApiDocuments.parse(json.body()).getPaths().keySet());
        assertEquals(version, json.json().getJsonObject("info").getString("version"));
    }

    /**
     * Every documented operation, asked without credentials and then as root with a
     * malformed body (or none) and an id that does not exist, answers a status code the
     * document lists for it: what the server says is what a client was told to expect.
     */
    @Test
    void everyDocumentedOperationAnswersOnlyDocumentedStatuses() {
        OpenAPI api = OpenApiDocuments.parse(http.get("/openapi").send().body());
        List<String> undocumented = new java.util.ArrayList<>();
        OpenApiDocuments.operations(api).forEach((key, operation) -> {
            String method = key.substring(0, key.indexOf(' '));
            String path = key.substring(key.indexOf(' ') + 1).replace("{type}", "Patient")
                    .replace("{id}", "probe-" + UUID.randomUUID());
            Set<String> documented = OpenApiDocuments.statuses(operation);
            for (boolean asRoot : new boolean[] {false, true}) {
                var request = http.method(method, path);
                if (asRoot) {
                    request.root();
                }
                if (method.equals("POST") || method.equals("PUT")) {
                    request.body("application/json", "{");
                }
                Reply reply = request.send();
                String status = Integer.toString(reply.status());
                System.out.println("OperatingIT probe " + key + (asRoot ? " as root" : " anonymous") + " -> HTTP " + status);
                if (!documented.contains(status) && !documented.contains("default")) {
                    undocumented.add(key + (asRoot ? " as root" : " anonymous") + " answered " + status + ", documented " + documented);
                }
            }
        });
        assertEquals(List.of(), undocumented, "answers /openapi does not list");
    }

    @Test
    void serverPathsAreNotResourceTypes() {
        for (String path : List.of("/health/x", "/metrics/x", "/openapi/x", "/health/ready")) {
            // 404/405 from the server's resource, or 400 from the type-name rule: never a write
            int status = http.put(path).root().json("{}").send().status();
            assertTrue(status == 400 || status == 404 || status == 405, "PUT " + path + " must be refused, was " + status);
        }
        assertEquals(404, http.get("/health/x").send().status());
        Reply lowerCase = http.put("/patient/" + UUID.randomUUID()).root().json("{}").send();
        assertEquals(400, lowerCase.status());
        assertTrue(lowerCase.body().contains("upper-case"), lowerCase.body());
        assertEquals(400, http.get("/patient").root().send().status());
    }

    @Test
    void metricsNeedRootOrAPolicyAndCountTokenRequests() {
        assertEquals(401, http.get("/metrics").send().status());
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        String token = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send()
                .json().getString("access_token");
        assertEquals(400, http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", "wrong").send().status());
        assertEquals(200, http.get("/auth/userinfo").bearer(token).send().status());

        Reply metrics = http.get("/metrics").root().send();
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
        String text = metrics.body();
        for (String expected : List.of(
                "gatehouse_token_requests_seconds_count{grant_type=\"password\",outcome=\"success\"}",
                "gatehouse_token_requests_seconds_count{grant_type=\"password\",outcome=\"invalid_grant\"}",
                "gatehouse_token_requests_seconds_bucket{grant_type=\"password\",outcome=\"success\",le=",
                "gatehouse_bearer_resolutions_seconds_count{cache=\"miss\",outcome=\"valid\"}",
                "gatehouse_sessions_opened_total{type=\"password\"}",
                "gatehouse_hash_in_flight ", "gatehouse_hash_queued ", "gatehouse_hash_rejected ",
                "gatehouse_sessions_open ", "gatehouse_signing_key_age_seconds ")) {
            assertTrue(text.contains(expected), "metrics lack " + expected + ":\n" + text);
        }
        assertFalse(text.contains(client.secret()) || text.contains(user.password()) || text.contains(token));

        // A scrape credential: a client of its own, allowed GET /metrics by an access policy, and nothing else.
        TestClient scraper = TestClients.confidential().grantTypes().create(http);
        assertEquals(403, http.get("/metrics").basic(scraper.id(), scraper.secret()).send().status());
        String policy = "scrape-" + scraper.id();
        assertEquals(201, http.put("/AccessPolicy/" + policy).root().json("{\"engine\":\"matcho\",\"matcho\":"
                + "{\"request-method\":\"get\",\"uri\":\"/metrics\"},\"link\":[{\"resourceType\":\"Client\",\"id\":\""
                + scraper.id() + "\"}]}").send().status());
        assertEquals(200, http.get("/metrics").basic(scraper.id(), scraper.secret()).send().status());
        assertEquals(403, http.get("/User").basic(scraper.id(), scraper.secret()).send().status());
        assertTrue(http.get("/metrics").root().send().body().contains("gatehouse_policy_denials_total"));
    }

    @Test
    void loginsAndWritesAreAuditedAndTheTrailIsReadOnly() {
        TestClient client = TestClients.confidential().refreshTokens().create(http);
        TestUser user = TestUsers.user().create(http);
        JsonObject tokens = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send().json();
        assertEquals(400, http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", "not-" + user.password()).send().status());
        assertEquals(401, http.post("/auth/token").oauthBasic(client.id(), "wrong-secret")
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send().status());
        String refreshed = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "refresh_token", "refresh_token", tokens.getString("refresh_token")).send()
                .json().getString("access_token");
        assertEquals(200, http.delete("/Session").bearer(refreshed).send().status());

        List<JsonObject> events = eventually(() -> auditOf("user.id=" + user.id()), found -> found.size() >= 4);
        JsonObject login = only(events, "login");
        assertEquals(client.id(), login.getJsonObject("client").getString("id"));
        assertEquals("Session", login.getJsonObject("session").getString("resourceType"));
        assertEquals("success", login.getString("outcome"));
        assertTrue(login.containsKey("source") && login.containsKey("recorded"));
        assertEquals("wrong-password", only(events, "login-failed").getString("outcome"));
        assertEquals(login.getJsonObject("session"), only(events, "token-refreshed").getJsonObject("session"));
        assertEquals("logout", only(events, "session-closed").getString("reason"));
        List<JsonObject> clientFailures = eventually(() -> auditOf("type=client-auth-failed&client.id=" + client.id()),
                found -> !found.isEmpty());
        assertEquals("invalid_client", clientFailures.get(0).getString("outcome"));

        // Writes to Client, User and AccessPolicy, with the caller.
        List<JsonObject> written = eventually(() -> auditOf("type=resource-written&_count=1000"), found -> found.stream()
                .anyMatch(event -> event.toString().contains("\"Client\",\"id\":\"" + client.id() + "\"}")));
        assertTrue(written.stream().anyMatch(event -> event.getString("outcome").startsWith("PUT 201")
                && event.getJsonObject("client").getString("id").equals("root")));

        String all = auditOf("_count=1000").toString();
        for (String secret : List.of(client.secret(), user.password(), tokens.getString("access_token"),
                tokens.getString("refresh_token"), refreshed)) {
            assertFalse(all.contains(secret), "an audit event holds a secret");
        }

        String id = login.getString("id");
        assertEquals(200, http.get("/AuditEvent/" + id).root().send().status());
        assertEquals(405, http.put("/AuditEvent/" + id).root().json("{\"type\":\"login\"}").send().status());
        assertEquals(405, http.post("/AuditEvent").root().json("{\"type\":\"login\"}").send().status());
        assertEquals(405, http.delete("/AuditEvent/" + id).root().send().status());
        assertEquals(200, http.get("/AuditEvent/" + id).root().send().status());
        assertEquals(401, http.get("/AuditEvent").send().status());
        assertEquals(403, http.get("/AuditEvent").basic(client.id(), client.secret()).send().status());
    }

    private List<JsonObject> auditOf(String search) {
        Reply reply = http.get("/AuditEvent?" + search + "&_sort=recorded").root().send();
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("entry").getValuesAs(JsonObject.class).stream()
                .map(entry -> entry.getJsonObject("resource")).toList();
    }

    private static JsonObject only(List<JsonObject> events, String type) {
        List<JsonObject> ofType = events.stream().filter(event -> event.getString("type").equals(type)).toList();
        assertEquals(1, ofType.size(), type + " in " + events);
        return ofType.get(0);
    }

    /** Audit events reach the database within about a second (written in batches): poll for up to 10 s. */
    private static List<JsonObject> eventually(Supplier<List<JsonObject>> search, java.util.function.Predicate<List<JsonObject>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonObject> found = search.get();
        while (!done.test(found)) {
            if (System.nanoTime() > deadline) {
                fail("Audit events not there within 10 s: " + found);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            found = search.get();
        }
        return found;
    }
}
