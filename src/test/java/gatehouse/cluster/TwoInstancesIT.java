package gatehouse.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.JwtParts;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two Payara Micro instances on one PostgreSQL database behave as one: tokens,
 * refreshes, revocations, users, policies and signing keys. Propagation times
 * are measured by polling, never slept for.
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
class TwoInstancesIT {

    static final long BOUND_MILLIS = 1000;

    static PayaraMicroProcess a;
    static PayaraMicroProcess b;
    Http onA = a == null ? null : a.http();
    Http onB = b == null ? null : b.http();

    @BeforeAll
    static void startBoth() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "several instances need a shared database: run with -Ppostgres");
        Path work = Path.of("target", "two-instances-it", UUID.randomUUID().toString()).toAbsolutePath();
        Map<String, String> environment = PayaraMicroProcess.withShortLivedJvm(Map.of(
                "GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"),
                "GATEHOUSE_TEST_CLOCK", "true",
                "GATEHOUSE_KEY_CHECK_SECONDS", "1"));
        // side by side, as instances of one database start; whichever started is stopped after a failure
        CompletableFuture<PayaraMicroProcess> startingA = PayaraMicroProcess.startAsync(work.resolve("a"), environment);
        CompletableFuture<PayaraMicroProcess> startingB = PayaraMicroProcess.startAsync(work.resolve("b"), environment);
        b = startingB.exceptionally(failed -> null).join();
        a = startingA.join();
        startingB.join();
    }

    @AfterAll
    static void stopBoth() throws InterruptedException {
        PayaraMicroProcess.closeAll(a, b);
    }

    @Test
    void scheduledKeyRotationHappensOnceWhateverTheNumberOfInstances() throws Exception { // one instance rotates, under a row lock
        java.util.Set<String> before = kids(onA);
        String newestBefore = onA.get("/.well-known/jwks.json").send().json().getJsonArray("keys").getJsonObject(0).getString("kid");
        // Far enough past 90 days to pass keys that test servers with moved clocks made on this shared database.
        onA.advanceClock(java.time.Duration.ofDays(400));
        onB.advanceClock(java.time.Duration.ofDays(400));
        long deadline = System.nanoTime() + 30_000_000_000L;
        String newest = newestBefore;
        while (newest.equals(newestBefore) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            newest = onA.get("/.well-known/jwks.json").send().json().getJsonArray("keys").getJsonObject(0).getString("kid");
        }
        Thread.sleep(3000); // a few more checks by both instances
        var keys = onB.get("/.well-known/jwks.json").send().json().getJsonArray("keys");
        assertEquals(newest, keys.getJsonObject(0).getString("kid"), "both sign with the new key");
        java.util.Set<String> added = kids(onB);
        added.removeAll(before);
        assertEquals(java.util.Set.of(newest), added, "one instance rotated, not both (a superseded key that never signed"
                + " would stay published for five more minutes, so a second one would show)");
        assertTrue(!newest.equals(newestBefore), "a new key after 400 days");
    }

    private static java.util.Set<String> kids(Http http) {
        java.util.Set<String> kids = new java.util.HashSet<>();
        http.get("/.well-known/jwks.json").send().json().getJsonArray("keys")
                .forEach(key -> kids.add(key.asJsonObject().getString("kid")));
        return kids;
    }

    private static JsonObject login(Http http, TestClient client, TestUser user) {
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
        return reply.json();
    }

    private static Reply refresh(Http http, TestClient client, String token) {
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "refresh_token", "refresh_token", token).send();
    }

    /** Milliseconds until the status becomes the expected one; fails past the bound. */
    private static long millisUntil(int expected, IntSupplier status) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (status.getAsInt() == expected) {
                System.out.println("propagated in " + elapsed + " ms");
                return elapsed;
            }
            assertTrue(elapsed <= BOUND_MILLIS, "not propagated within " + BOUND_MILLIS + " ms");
            Thread.sleep(10);
        }
    }

    @Test
    void bothInstancesPublishTheSameSigningKeys() throws InterruptedException {
        millisUntil(1, () -> onA.get("/.well-known/jwks.json").send().body()
                .equals(onB.get("/.well-known/jwks.json").send().body()) ? 1 : 0);
    }

    @Test
    void keyRotationOnAReachesBWithinOneSecondAndEarlierTokensStillVerify() throws InterruptedException {
        TestClient client = TestClients.confidential().jwt().create(onA);
        TestUser user = TestUsers.user().create(onA);
        String before = login(onB, client, user).getString("access_token");
        Reply rotated = onA.post("/auth/keys/rotate").root().send();
        assertEquals(200, rotated.status());
        String kid = rotated.json().getString("kid");
        assertEquals(403, onA.post("/auth/keys/rotate").basic(client.id(), client.secret()).send().status(), "root only");
        millisUntil(1, () -> onB.get("/.well-known/jwks.json").send().body().contains(kid) ? 1 : 0);
        millisUntil(1, () -> JwtParts.header(login(onB, client, user).getString("access_token")).getString("kid").equals(kid) ? 1 : 0);
        assertEquals(200, onA.get("/auth/userinfo").bearer(before).send().status(), "tokens of the old key still verify");
        assertEquals(onA.get("/.well-known/jwks.json").send().body(), onB.get("/.well-known/jwks.json").send().body());
    }

    @Test
    void tokenIssuedByAWorksOnB() {
        TestUser user = TestUsers.user().create(onA);
        for (TestClient client : new TestClient[] {TestClients.confidential().jwt().create(onA), TestClients.confidential().create(onA)}) {
            String token = login(onA, client, user).getString("access_token");
            assertEquals(200, onB.get("/auth/userinfo").bearer(token).send().status());
        }
    }

    @Test
    void refreshOnBOfARefreshTokenWorksOnceAndItsReuseIsDetectedOnA() {
        TestClient client = TestClients.confidential().jwt().refreshTokens().create(onA);
        JsonObject tokens = login(onA, client, TestUsers.user().create(onA));
        Reply refreshed = refresh(onB, client, tokens.getString("refresh_token"));
        assertEquals(200, refreshed.status());
        assertEquals("invalid_grant", refresh(onA, client, tokens.getString("refresh_token")).json().getString("error"));
        assertEquals(401, onB.get("/auth/userinfo").bearer(refreshed.json().getString("access_token")).send().status(),
                "the replay closed the Session everywhere");
    }

    @Test
    void deleteSessionOnBIsRefusedOnAWithinOneSecond() throws InterruptedException {
        TestClient client = TestClients.confidential().jwt().create(onA);
        String token = login(onA, client, TestUsers.user().create(onA)).getString("access_token");
        assertEquals(200, onA.get("/auth/userinfo").bearer(token).send().status());
        assertEquals(200, onB.delete("/Session").bearer(token).send().status());
        millisUntil(401, () -> onA.get("/auth/userinfo").bearer(token).send().status());
    }

    @Test
    void conditionalDeleteOnBIsInForceOnAWithinOneSecondAndItsCursorsWorkOnBoth() throws InterruptedException { // cursors are signed with the shared server secret
        TestClient client = TestClients.confidential().create(onA);
        TestUser user = TestUsers.user().create(onA);
        java.util.List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(login(onA, client, user).getString("access_token"));
            assertEquals(200, onA.get("/auth/userinfo").bearer(tokens.get(i)).send().status()); // cached on A
        }
        JsonObject first = onA.get("/Session?user.id=" + user.id() + "&_count=2").root().send().json();
        String next = first.getJsonArray("link").stream().map(jakarta.json.JsonValue::asJsonObject)
                .filter(link -> link.getString("relation").equals("next")).findFirst().orElseThrow().getString("url");
        Reply second = onB.get(next.substring(next.indexOf("/Session"))).root().send();
        assertEquals(200, second.status(), "a cursor made by A is good on B");
        assertEquals(1, second.json().getJsonArray("entry").size());

        Reply closed = onB.delete("/Session?user.id=" + user.id()).root().send();
        assertTrue(closed.body().contains("Closed 3 Sessions"), closed.body());
        for (String token : tokens) {
            millisUntil(401, () -> onA.get("/auth/userinfo").bearer(token).send().status());
        }
    }

    @Test
    void userDeactivatedOnAIsRefusedOnBWithinOneSecond() throws InterruptedException {
        TestClient client = TestClients.confidential().create(onA);
        TestUser user = TestUsers.user().create(onA);
        String token = login(onB, client, user).getString("access_token");
        assertEquals(200, onA.put("/User/" + user.id()).root()
                .json("{\"userName\":\"" + user.userName() + "\",\"inactive\":true}").send().status());
        millisUntil(401, () -> onB.get("/auth/userinfo").bearer(token).send().status());
    }

    @Test
    void clientSecretChangedOrClientDeletedOnAIsInForceOnBWithinOneSecond() throws InterruptedException {
        TestClient client = TestClients.confidential().create(onA);
        TestUser user = TestUsers.user().create(onA);
        login(onB, client, user); // B now holds the client in memory
        String newSecret = "secret-" + UUID.randomUUID();
        assertEquals(200, onA.put("/Client/" + client.id()).root()
                .json("{\"secret\":\"" + newSecret + "\",\"grant_types\":[\"password\"]}").send().status());
        millisUntil(401, () -> passwordGrant(onB, client.id(), client.secret(), user).status());
        assertEquals(200, passwordGrant(onB, client.id(), newSecret, user).status());
        assertEquals(200, onA.delete("/Client/" + client.id()).root().send().status());
        millisUntil(401, () -> passwordGrant(onB, client.id(), newSecret, user).status());
    }

    private static Reply passwordGrant(Http http, String clientId, String secret, TestUser user) {
        return http.post("/auth/token").oauthBasic(clientId, secret)
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
    }

    @Test
    void accessPolicyChangeOnAIsInForceOnBWithinOneSecond() throws InterruptedException {
        TestClient client = TestClients.confidential().create(onA);
        TestUser user = TestUsers.user().create(onA);
        String token = login(onA, client, user).getString("access_token");
        assertEquals(403, onB.get("/Patient").bearer(token).send().status());
        String policy = "policy-" + UUID.randomUUID();
        assertEquals(201, onA.put("/AccessPolicy/" + policy).root().json("{\"engine\":\"allow\",\"link\":[{\"resourceType\":\"User\",\"id\":\""
                + user.id() + "\"}]}").send().status());
        millisUntil(200, () -> onB.get("/Patient").bearer(token).send().status());
        assertEquals(200, onA.delete("/AccessPolicy/" + policy).root().send().status());
        millisUntil(403, () -> onB.get("/Patient").bearer(token).send().status());
    }
}
