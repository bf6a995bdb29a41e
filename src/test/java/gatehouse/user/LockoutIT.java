package gatehouse.user;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import gatehouse.testing.GatehouseIT;
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

/** Brute-force lockout with the defaults: 5 consecutive failures lock for 30 s, doubling, never revealed. */
class LockoutIT extends GatehouseIT {

    private Reply login(TestClient client, TestUser user, String password) {
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", password).send();
    }

    private JsonObject asRoot(TestUser user) {
        return http.get("/User/" + user.id()).root().send().json();
    }

    @Test
    void fiveWrongPasswordsLockTheUserAndTheRightPasswordGetsTheSameInvalidGrant() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply wrong = null;
        for (int i = 0; i < 5; i++) {
            wrong = login(client, user, "wrong-" + i);
            assertEquals(400, wrong.status());
        }
        Reply locked = login(client, user, user.password());
        assertEquals(400, locked.status());
        assertEquals(wrong.body(), locked.body(), "the lock is never revealed");
        JsonObject state = asRoot(user);
        assertEquals(5, state.getInt("failedLogins"));
        assertTrue(java.time.Instant.parse(state.getString("lockedUntil")).isAfter(java.time.Instant.now().plusSeconds(20)));
    }

    @Test
    void rootClearsTheLockWithLockedUntilNull() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        for (int i = 0; i < 6; i++) {
            login(client, user, "wrong");
        }
        assertEquals(400, login(client, user, user.password()).status());
        Reply cleared = http.put("/User/" + user.id()).root()
                .json("{\"userName\":\"" + user.userName() + "\",\"lockedUntil\":null}").send();
        assertEquals(200, cleared.status());
        assertEquals(0, cleared.json().getInt("failedLogins"));
        assertFalse(cleared.json().containsKey("lockedUntil"));
        assertEquals(200, login(client, user, user.password()).status());
    }

    @Test
    void lockStateIsReadOnlyAndShownToRootOnly() {
        TestUser user = TestUsers.user().create(http);
        assertEquals(422, http.put("/User/" + user.id()).root()
                .json("{\"lockedUntil\":\"2030-01-01T00:00:00Z\"}").send().status());
        TestClient reader = TestClients.confidential().create(http);
        assertEquals(201, http.put("/AccessPolicy/policy-" + UUID.randomUUID()).root().json("{\"engine\":\"allow\",\"link\":"
                + "[{\"resourceType\":\"Client\",\"id\":\"" + reader.id() + "\"}]}").send().status());
        Reply asClient = http.get("/User/" + user.id()).basic(reader.id(), reader.secret()).send();
        assertEquals(200, asClient.status());
        assertFalse(asClient.json().containsKey("failedLogins"));
        assertTrue(asRoot(user).containsKey("failedLogins"));
    }

    @Test
    void bookkeepingSentByAnyoneButRootIsIgnored() { // only root writes failedLogins and lockedUntil
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        for (int i = 0; i < 5; i++) {
            login(client, user, "wrong");
        }
        TestClient admin = TestClients.confidential().create(http);
        assertEquals(201, http.put("/AccessPolicy/policy-" + UUID.randomUUID()).root().json("{\"engine\":\"allow\",\"link\":"
                + "[{\"resourceType\":\"Client\",\"id\":\"" + admin.id() + "\"}]}").send().status());
        for (String body : new String[] {
                "{\"userName\":\"" + user.userName() + "\",\"lockedUntil\":null}",
                "{\"userName\":\"" + user.userName() + "\",\"failedLogins\":0}",
                "{\"userName\":\"" + user.userName() + "\",\"failedLogins\":0,\"lockedUntil\":null}"}) {
            Reply written = http.put("/User/" + user.id()).basic(admin.id(), admin.secret()).json(body).send();
            assertEquals(200, written.status(), body);
            assertFalse(written.json().containsKey("failedLogins"), "not shown to them either");
        }
        assertEquals(400, login(client, user, user.password()).status(), "still locked");
        assertEquals(5, asRoot(user).getInt("failedLogins"));
    }

    @Test
    void aPolicyThatNamesLockedUntilLetsOthersUnlock() { // the console's administrators unlock users
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        for (int i = 0; i < 5; i++) {
            login(client, user, "wrong");
        }
        TestClient admin = TestClients.confidential().create(http);
        assertEquals(201, http.put("/AccessPolicy/policy-" + UUID.randomUUID()).root().json("{\"engine\":\"matcho\","
                + "\"matcho\":{\"resource-type\":\"User\",\"body\":{\"lockedUntil\":\"nil?\"}},"
                + "\"link\":[{\"resourceType\":\"Client\",\"id\":\"" + admin.id() + "\"}]}").send().status());
        Reply unlocked = http.put("/User/" + user.id()).basic(admin.id(), admin.secret())
                .json("{\"userName\":\"" + user.userName() + "\",\"lockedUntil\":null}").send();
        assertEquals(200, unlocked.status(), unlocked.body());
        assertFalse(unlocked.json().containsKey("lockedUntil"), "the lock state stays root's to see");
        assertEquals(200, login(client, user, user.password()).status());
    }

    @Test
    void aSuccessResetsTheCount() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        for (int i = 0; i < 4; i++) {
            login(client, user, "wrong");
        }
        assertEquals(200, login(client, user, user.password()).status());
        assertEquals(0, asRoot(user).getInt("failedLogins"));
        for (int i = 0; i < 4; i++) {
            login(client, user, "wrong");
        }
        assertEquals(200, login(client, user, user.password()).status(), "4 + 4 failures are not 5 in a row");
    }

    @Test
    void twentyParallelWrongGuessesCountAsTwenty() throws Exception {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String guess = "guess-" + i;
            guesses.add(pool.submit(() -> {
                start.await();
                return login(client, user, guess);
            }));
        }
        start.countDown();
        for (Future<Reply> guess : guesses) {
            assertEquals(400, guess.get().status());
        }
        pool.shutdown();
        assertEquals(20, asRoot(user).getInt("failedLogins"));
    }
}
