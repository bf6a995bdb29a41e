package gatehouse.hardening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layer judges the one request that is served. For each endpoint family, the
 * canonical request and a generated set of mutations of its path (matrix parameters on
 * each segment, encoded separators, empty and dot segments, trailing slashes, case
 * variants, look-alike letters, overlong UTF-8, backslashes, encoded unreserved letters)
 * are sent; each mutation must get 400 with the API's error body and change nothing, or
 * get exactly the canonical request's answer.
 * <p>
 * And every error is the API's error: what the servlet container or the JAX-RS runtime
 * refuses by itself (malformed headers, unknown paths and methods, media types, sizes)
 * is answered with an OperationOutcome, or an OAuth error at the OAuth endpoints, in
 * JSON or YAML as asked, never with the server's HTML page. On Payara and WildFly alike.
 * <p>
 * Both on one server (each IT class starts its own): the path tests set up their
 * attacker, victims and policies themselves ({@link #attackerWithAModestPolicy()}); the
 * container-error tests need none of it and store only resources of their own.
 */
class CanonicalPathIT extends GatehouseIT {

    private TestUser attacker;
    private String attackerToken;
    private TestUser carol;
    private String carolToken;
    private TestClient login;

    /** Called first by each path test. */
    private void attackerWithAModestPolicy() {
        login = TestClients.confidential().create(http);
        attacker = TestUsers.user().create(http);
        carol = TestUsers.user().create(http);
        // Edit Clients and Users (but none of their privileged fields), and anything of a public Patient.
        policy("{\"uri\":\"#/Client.*\",\"request-method\":\"put\"}");
        policy("{\"uri\":\"#/User.*\",\"request-method\":{\"$one-of\":[\"put\",\"post\"]}}");
        policy("{\"uri\":\"#/Patient/.*-pub\"}");
        attackerToken = token(attacker);
        carolToken = token(carol);
    }

    private void policy(String matcho) {
        assertEquals(201, http.put("/AccessPolicy/policy-" + UUID.randomUUID()).root().json("{\"engine\":\"matcho\",\"matcho\":"
                + matcho + ",\"link\":[{\"resourceType\":\"User\",\"id\":\"" + attacker.id() + "\"}]}").send().status());
    }

    private String token(TestUser user) {
        Reply reply = password(user.userName(), user.password());
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("access_token");
    }

    private Reply password(String username, String password) {
        return http.post("/auth/token").oauthBasic(login.id(), login.secret())
                .form("grant_type", "password", "username", username, "password", password).send();
    }

    /**
     * Paths that some reader could take for {@code canonical} (segments split on
     * {@code /}), none of them canonical.
     */
    static Set<String> mutations(String canonical) {
        List<String> segments = List.of(canonical.substring(1).split("/"));
        Set<String> paths = new LinkedHashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            for (String matrix : List.of(";x=1", ";", "%3Bx=1", "%3b", ";x=-pub", ";jsessionid=ABC")) {
                List<String> changed = new ArrayList<>(segments);
                changed.set(i, segments.get(i) + matrix);
                paths.add(join(changed, "/"));
            }
            List<String> dotted = new ArrayList<>(segments);
            dotted.add(i, ".");
            paths.add(join(dotted, "/"));
            List<String> back = new ArrayList<>(segments);
            back.add(i, "..");
            back.add(i, "Patient");
            paths.add(join(back, "/"));
            List<String> encodedDots = new ArrayList<>(segments);
            encodedDots.add(i, "%2e%2E");
            encodedDots.add(i, "x");
            paths.add(join(encodedDots, "/"));
            List<String> empty = new ArrayList<>(segments);
            empty.add(i, "");
            paths.add(join(empty, "/"));
            List<String> overlong = new ArrayList<>(segments);
            overlong.set(i, segments.get(i) + "%C0%AE");
            paths.add(join(overlong, "/"));
        }
        if (segments.size() > 1) {
            for (String separator : List.of("%2F", "%2f", "%5C", "%C0%AF", "%E0%80%AF")) {
                paths.add(join(segments, separator));
            }
        }
        paths.add(canonical + "/");
        paths.add(canonical + "/.");
        paths.add(canonical + "/..");
        paths.add(canonical + "%00");
        paths.add(canonical + "%25");
        paths.add(canonical + "%2E");
        String first = segments.get(0);
        List<String> rest = segments.subList(1, segments.size());
        List<String> spellings = new ArrayList<>(List.of(first.toLowerCase(Locale.ROOT),
                Character.toLowerCase(first.charAt(0)) + first.substring(1), lookAlike(first)));
        if (BUILT_IN_OR_SERVER.contains(first)) {
            // the same name in other cases; of a type of the client's own ("PATIENT" beside "Patient")
            // that would be another type, as legal as the first
            spellings.add(first.toUpperCase(Locale.ROOT));
            spellings.add(Character.toUpperCase(first.charAt(0)) + first.substring(1));
        }
        for (String spelling : spellings) {
            List<String> changed = new ArrayList<>();
            changed.add(spelling);
            changed.addAll(rest);
            paths.add(join(changed, "/"));
        }
        paths.add(encodedLetter(canonical));
        paths.remove(canonical);
        return paths;
    }

    private static final Set<String> BUILT_IN_OR_SERVER = Set.of("Client", "User", "Session", "AccessPolicy", "AuditEvent",
            "auth", "health", "metrics", "openapi", "console", ".well-known");

    /** The first letter as its full-width twin, percent-encoded as UTF-8. */
    private static String lookAlike(String segment) {
        char c = segment.charAt(0);
        char twin = (char) (Character.isUpperCase(c) ? 0xFF21 + (c - 'A') : 0xFF41 + (c - 'a'));
        StringBuilder encoded = new StringBuilder();
        for (byte b : String.valueOf(twin).getBytes(StandardCharsets.UTF_8)) {
            encoded.append('%').append(String.format("%02X", b & 0xff));
        }
        return encoded + segment.substring(1);
    }

    /** The path with its first letter percent-encoded: the same path to some readers, another to JAX-RS's matcher. */
    private static String encodedLetter(String canonical) {
        return "/%" + String.format("%02X", (int) canonical.charAt(1)) + canonical.substring(2);
    }

    private static String join(List<String> segments, String separator) {
        return "/" + String.join(separator, segments);
    }

    /**
     * Sends the request built by {@code send} on each mutation of {@code canonical}: 400 with
     * the API's error body and {@code state} unchanged, or the canonical request's status.
     */
    private void differential(String canonical, int canonicalStatus, java.util.function.Function<String, Reply> send,
                              Supplier<String> state) {
        String before = state.get();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (String mutated : mutations(canonical)) {
            Reply reply = send.apply(mutated);
            statuses.merge(reply.status(), 1, Integer::sum);
            if (reply.status() == 400) {
                assertErrorBody(reply, mutated);
            } else if (!failedInTheContainer(reply, mutated)) {
                assertEquals(canonicalStatus, reply.status(), mutated + " answered otherwise than " + canonical + ": " + reply);
            }
            assertEquals(before, state.get(), mutated + " changed what " + canonical + " does not");
        }
        System.out.println("CanonicalPathIT " + canonical + ": " + statuses);
        Reply answer = send.apply(canonical);
        assertEquals(canonicalStatus, answer.status(), canonical + ": " + answer);
    }

    /**
     * The API's error body; or, for the escapes the servlet container refuses itself before
     * choosing an application (NUL, backslash, overlong UTF-8), its empty 400. Never HTML.
     */
    static void assertErrorBody(Reply reply, String path) {
        assertFalse(reply.body().toLowerCase(Locale.ROOT).contains("<html"), path + ": " + reply.body());
        if (reply.body().isEmpty() && CONTAINER_REFUSES.matcher(path).matches()) {
            return;
        }
        String type = reply.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), path + ": not JSON: " + type + " " + reply.body());
        JsonObject body = reply.json();
        assertTrue(body.containsKey("resourceType") ? body.getString("resourceType").equals("OperationOutcome")
                : body.containsKey("error"), path + ": " + body);
    }

    /**
     * Payara's HTTP layer (Grizzly's URI normalizer) throws on some paths ending in {@code /.} or {@code /..}
     * before any application is chosen, and answers an empty 200 or 500 of its own: no
     * filter, policy or resource of Gatehouse runs, which the callers' checks of the stored
     * state confirm. Only that shape and that empty answer are let through here.
     */
    static boolean failedInTheContainer(Reply reply, String path) {
        return (path.endsWith("/.") || path.endsWith("/..")) && reply.body().isEmpty() && reply.header("X-Content-Type-Options") == null;
    }

    private static final java.util.regex.Pattern CONTAINER_REFUSES = java.util.regex.Pattern.compile("(?i).*%(00|5C|C0|C1|E0).*");

    private String asRoot(String path) {
        Reply reply = http.get(path).root().send();
        return reply.status() + " " + (reply.status() == 200 ? withoutMeta(reply.json()) : "");
    }

    private static String withoutMeta(JsonObject resource) {
        return jakarta.json.Json.createObjectBuilder(resource).remove("meta").remove("lastUsed").build().toString();
    }

    @Test
    void clientTakeOverThroughAnyPathSpellingIsRefused() {
        attackerWithAModestPolicy();
        TestClient victim = TestClients.confidential().grantTypes("client_credentials").create(http);
        String takeOver = "{\"secret\":\"attacker-secret-0123456789\",\"grant_types\":[\"client_credentials\",\"password\"]}";
        differential("/Client/" + victim.id(), 403, path -> http.put(path).bearer(attackerToken).json(takeOver).send(),
                () -> clientCredentials(victim.id(), victim.secret()) + " " + clientCredentials(victim.id(), "attacker-secret-0123456789"));
        assertEquals(200, clientCredentials(victim.id(), victim.secret()));
    }

    private int clientCredentials(String id, String secret) {
        return http.post("/auth/token").oauthBasic(id, secret).form("grant_type", "client_credentials").send().status();
    }

    @Test
    void rolesAndPasswordsOfOthersThroughAnyPathSpellingAreRefused() {
        attackerWithAModestPolicy();
        String grab = "{\"userName\":\"" + carol.userName() + "\",\"roles\":[{\"value\":\"admin\"}],\"password\":\"taken-over-0123\"}";
        differential("/User/" + carol.id(), 403, path -> http.put(path).bearer(attackerToken).json(grab).send(),
                () -> asRoot("/User/" + carol.id()));
        assertEquals(400, password(carol.userName(), "taken-over-0123").status(), "the attacker's password was stored");
        assertEquals(200, password(carol.userName(), carol.password()).status());

        String created = "mallory-" + UUID.randomUUID();
        differential("/User", 403, path -> http.post(path).bearer(attackerToken)
                        .json("{\"id\":\"" + created + "\",\"roles\":[{\"value\":\"admin\"}]}").send(),
                () -> asRoot("/User/" + created));
    }

    @Test
    void patientsOutsideThePolicyThroughAnyPathSpellingAreRefused() {
        attackerWithAModestPolicy();
        String secret = "secret-" + UUID.randomUUID();
        assertEquals(201, http.put("/Patient/" + secret).root().json("{\"name\":\"hidden\"}").send().status());
        Supplier<String> stored = () -> asRoot("/Patient/" + secret);
        differential("/Patient/" + secret, 403, path -> http.get(path).bearer(attackerToken).send(), stored);
        differential("/Patient/" + secret, 403, path -> http.delete(path).bearer(attackerToken).send(), stored);
        differential("/Patient/" + secret, 403, path -> http.put(path).bearer(attackerToken).json("{\"name\":\"x\"}").send(), stored);
        differential("/Patient", 403, path -> http.get(path + "?_id=" + secret).bearer(attackerToken).send(), stored);
        String pub = "open-" + UUID.randomUUID() + "-pub";
        assertEquals(201, http.put("/Patient/" + pub).root().json("{\"name\":\"open\"}").send().status());
        differential("/Patient/" + pub, 200, path -> http.get(path).bearer(attackerToken).send(), () -> asRoot("/Patient/" + pub));
    }

    @Test
    void policiesSessionsAndAuditThroughAnyPathSpellingAreRefused() {
        attackerWithAModestPolicy();
        String policy = "evil-" + UUID.randomUUID();
        differential("/AccessPolicy/" + policy, 403, path -> http.put(path).bearer(attackerToken).json("{\"engine\":\"allow\"}").send(),
                () -> asRoot("/AccessPolicy/" + policy));
        differential("/Session", 403, path -> http.delete(path + "?user.id=" + carol.id()).bearer(attackerToken).send(),
                () -> "" + http.get("/auth/userinfo").bearer(carolToken).send().status());
        differential("/AuditEvent", 403, path -> http.get(path).bearer(attackerToken).send(), () -> "");
        differential("/auth/userinfo", 200, path -> http.get(path).bearer(carolToken).send(), () -> "");
        differential("/auth/token", 200, path -> http.post(path).oauthBasic(login.id(), login.secret())
                .form("grant_type", "password", "username", carol.userName(), "password", carol.password()).send(), () -> "");
        assertEquals(200, http.get("/auth/userinfo").bearer(carolToken).send().status(), "carol's Session still open");
    }

    @Test
    void rootWritesThroughAnyPathSpellingAreRefusedOrStoredAndAuditedAlike() {
        attackerWithAModestPolicy();
        List<String> refused = new ArrayList<>();
        for (String mutated : mutations("/User/ID")) {
            String id = "audited-" + UUID.randomUUID();
            String path = mutated.replace("ID", id);
            Reply reply = http.put(path).root().json("{\"userName\":\"" + id + "\"}").send();
            if (!failedInTheContainer(reply, path)) {
                assertEquals(400, reply.status(), path + ": " + reply);
                assertErrorBody(reply, path);
            }
            assertEquals(404, http.get("/User/" + id).root().send().status(), path + " stored a User");
            refused.add(id);
        }
        String marker = "audited-" + UUID.randomUUID();
        assertEquals(201, http.put("/User/" + marker).root().json("{\"userName\":\"" + marker + "\"}").send().status());
        String written = awaitAudit(marker);
        for (String id : refused) {
            assertFalse(written.contains(id), "an AuditEvent for a write that was refused: " + id);
        }
    }

    /** The resource-written events once the one for {@code marker} is there (the writer keeps their order). */
    private String awaitAudit(String marker) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Reply reply = http.get("/AuditEvent?type=resource-written&_count=1000&_sort=-recorded").root().send();
            assertEquals(200, reply.status(), reply.body());
            if (reply.body().contains(marker)) {
                return reply.body();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no AuditEvent for " + marker + " within 20 s");
    }

    @Test
    void explainReadsItsUriAsTheServerReadsAPath() {
        attackerWithAModestPolicy();
        for (String uri : List.of("//", "///", "/", "/Client;x=1/victim", "/User/../Client", "/user/x", "/Client/x/", "User/x")) {
            Reply reply = http.post("/auth/explain").root().json("{\"user\":\"" + attacker.id() + "\",\"method\":\"put\",\"uri\":\""
                    + uri + "\",\"body\":{\"roles\":[{\"value\":\"admin\"}]}}").send();
            if (uri.equals("/")) {
                assertEquals(200, reply.status(), reply.body());
                continue;
            }
            assertEquals(400, reply.status(), uri + ": " + reply);
            assertErrorBody(reply, uri);
        }
        Reply canonical = http.post("/auth/explain").root().json("{\"user\":\"" + attacker.id() + "\",\"method\":\"put\",\"uri\":\"/User/"
                + carol.id() + "\",\"body\":{\"roles\":[{\"value\":\"admin\"}]}}").send();
        assertEquals(200, canonical.status(), canonical.body());
        assertFalse(canonical.json().getBoolean("allowed"));
        assertEquals("roles", canonical.json().getJsonArray("privilegedFieldsChanged").getString(0));
    }

    // What the container or the JAX-RS runtime refuses by itself: the API's error, never HTML.

    private static JsonObject outcome(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.toString());
        assertJson(reply);
        JsonObject body = reply.json();
        assertEquals("OperationOutcome", body.getString("resourceType"), reply.toString());
        assertEquals(code, body.getJsonArray("issue").getJsonObject(0).getString("code"), reply.toString());
        return body;
    }

    private static void oauth(Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply.toString());
        assertJson(reply);
        assertEquals(error, reply.json().getString("error"), reply.toString());
    }

    private static void assertJson(Reply reply) {
        String type = reply.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), "not JSON: " + reply);
        assertFalse(reply.body().toLowerCase(Locale.ROOT).contains("<html"), reply.toString());
    }

    @Test
    void malformedContentTypeOrAcceptThen400AsTheApisErrorAndNothingStored() {
        for (String type : new String[] {";;;", "/", "a/b/c", ";charset=utf-8", "application/json; charset", "application/json;=x"}) {
            outcome(http.put("/Patient/malformed").root().body(type, "{}").send(), 400, "invalid");
        }
        for (String accept : new String[] {"text/yaml;q=abc", ";;;", "text/yaml;q=", "*/*;q=x", "application/json;q=2"}) {
            outcome(http.put("/Patient/malformed").root().accept(accept).json("{}").send(), 400, "invalid");
        }
        outcome(http.get("/Patient/malformed").root().send(), 404, "not-found");
        oauth(http.post("/auth/token").body(";;;", "grant_type=password").send(), 400, "invalid_request");
        oauth(http.post("/auth/token").accept("text/yaml;q=abc").form("grant_type", "password").send(), 400, "invalid_request");
        // RFC 9110 allows empty parameters: well formed, and served
        assertEquals(201, http.put("/Patient/empty-parameters").root().body("application/json;;;", "{}").send().status());
    }

    @Test
    void unknownPathsMethodsAndMediaTypesThenTheApisError() {
        outcome(http.get("/error").send(), 404, "not-found");
        outcome(http.get("/Patient/x/y/z").root().send(), 404, "not-found");
        outcome(http.get("/nowhere").root().send(), 400, "invalid");
        outcome(http.delete("/Patient").root().send(), 405, "not-supported");
        oauth(http.delete("/auth/token").send(), 405, "invalid_request");
        oauth(http.get("/auth/token").send(), 405, "invalid_request");
        Reply notAcceptable = http.get("/.well-known/jwks.json").accept("image/png").send();
        outcome(notAcceptable, 406, "not-supported");
        outcome(http.put("/Patient/text").root().body("text/plain", "x").send(), 415, "not-supported");
        outcome(http.put("/Patient/large").root().json("{\"a\":\"" + "x".repeat(1_100_000) + "\"}").send(), 413, "too-costly");
    }

    @Test
    void whenYamlIsAskedForThenTheContainersErrorsAreYamlToo() {
        Reply reply = http.get("/error").accept("text/yaml").send();
        assertEquals(404, reply.status());
        assertTrue(reply.header("Content-Type").startsWith("text/yaml"), reply.toString());
        assertTrue(reply.body().contains("OperationOutcome"), reply.body());
        Reply refused = http.get("/Patient;x=1/y").root().accept("text/yaml").send();
        assertEquals(400, refused.status());
        assertTrue(refused.header("Content-Type").startsWith("text/yaml"), refused.toString());
    }

    /**
     * Request lines and headers past the listener's buffers are refused by the HTTP layer
     * before any application is chosen: a 4xx without a body (Payara) or the API's
     * error, never an HTML page and never a 5xx.
     */
    @Test
    void oversizedUriOrHeadersThen4xxAndNeverAnHtmlPage() {
        Reply longUri = http.get("/Patient/" + "a".repeat(20_000)).root().send();
        Reply bigHeader = http.get("/Patient/x").root().header("X-Padding", "b".repeat(70_000)).send();
        for (Reply reply : new Reply[] {longUri, bigHeader}) {
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
            assertFalse(reply.body().toLowerCase(Locale.ROOT).contains("<html"), reply.toString());
            if (!reply.body().isEmpty()) {
                assertJson(reply);
            }
        }
    }
}
