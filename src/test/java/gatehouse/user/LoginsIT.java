package gatehouse.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

/**
 * One login namespace: a user's id, userName and email are login
 * names, and a name (in any letter case) belongs to one user at most, so no user
 * can take another's name at /auth/token or in what other applications see.
 * And brute-force lockout with the defaults. One server for both (each IT class
 * starts its own); every test makes its own users.
 */
class LoginsIT extends GatehouseIT {

    private Reply putUser(String id, String userName, String email) {
        StringBuilder body = new StringBuilder("{\"password\":\"pw-" + id + "\"");
        if (userName != null) {
            body.append(",\"userName\":\"").append(userName).append('"');
        }
        if (email != null) {
            body.append(",\"email\":\"").append(email).append('"');
        }
        return http.put("/User/" + id).root().json(body.append('}').toString()).send();
    }

    private static String fresh() {
        return "n" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void aNameAnotherUserHoldsInAnyFieldOrCaseThen409NamingTheField() {
        TestUser victim = TestUsers.user().create(http);
        String[][] takeovers = { // field given, value
                {"userName", victim.id()}, {"userName", victim.email()}, {"userName", victim.userName().toUpperCase(Locale.ROOT)},
                {"email", victim.userName()}, {"email", victim.id().toUpperCase(Locale.ROOT)}, {"email", victim.email().toUpperCase(Locale.ROOT)},
        };
        for (String[] takeover : takeovers) {
            Reply reply = putUser(fresh(), takeover[0].equals("userName") ? takeover[1] : null,
                    takeover[0].equals("email") ? takeover[1] : null);
            assertEquals(409, reply.status(), takeover[0] + "=" + takeover[1]);
            assertTrue(reply.body().contains(takeover[0]), reply.body());
        }
        for (String id : new String[] {victim.userName(), victim.userName().toUpperCase(Locale.ROOT), victim.id().toUpperCase(Locale.ROOT)}) {
            Reply reply = putUser(id, null, null);
            assertEquals(409, reply.status(), "id " + id);
            assertTrue(reply.body().contains("id"), reply.body());
        }
        Reply posted = http.post("/User").root().json("{\"userName\":\"" + victim.email() + "\"}").send();
        assertEquals(409, posted.status());
    }

    @Test
    void aRefusedWriteChangesNothing() {
        TestUser victim = TestUsers.user().create(http);
        TestUser other = TestUsers.user().create(http);
        assertEquals(409, putUser(other.id(), victim.userName(), other.email()).status());
        TestClient client = TestClients.confidential().create(http);
        assertEquals(200, login(client, victim.userName(), victim.password()).status(), "the victim still logs in by its name");
        assertEquals(200, login(client, other.userName(), other.password()).status(), "the other keeps its own name");
    }

    @Test
    void loginNamesMatchInAnyCaseAndMeanOneUser() {
        TestUser user = TestUsers.user().create(http);
        TestClient client = TestClients.confidential().create(http);
        for (String name : new String[] {user.userName().toUpperCase(Locale.ROOT), user.email().toUpperCase(Locale.ROOT), user.id(),
                user.id().toUpperCase(Locale.ROOT)}) {
            Reply reply = login(client, name, user.password());
            assertEquals(200, reply.status(), name);
            assertEquals(user.id(), reply.json().getJsonObject("userinfo").getString("id"));
        }
    }

    @Test
    void aUserKeepsItsOwnNamesAcrossUpdatesAndMayShareThemAmongItsFields() {
        String id = fresh();
        assertEquals(201, putUser(id, id.toUpperCase(Locale.ROOT), null).status(), "its userName may equal its own id");
        assertEquals(200, putUser(id, id.toUpperCase(Locale.ROOT), id + "@example.com").status());
        assertEquals(200, putUser(id, "renamed-" + id, id + "@example.com").status());
        assertEquals(201, putUser(fresh(), id.toUpperCase(Locale.ROOT) + "x", null).status());
        String freed = fresh();
        assertEquals(201, putUser(fresh(), freed, null).status());
        assertEquals(409, putUser(fresh(), freed, null).status());
    }

    @Test
    void aDeletedUsersNamesAreFreeAgain() {
        TestUser user = TestUsers.user().create(http);
        assertEquals(200, http.delete("/User/" + user.id()).root().send().status());
        assertEquals(201, putUser(fresh(), user.userName(), user.email()).status());
    }

    @Test
    void concurrentWritesOfOneNameThenExactlyOneWins() throws Exception { // the database decides, not a read before the write
        for (String field : new String[] {"userName", "email"}) {
            String name = fresh() + (field.equals("email") ? "@example.com" : "");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = fresh();
                String variant = i % 2 == 0 ? name : name.toUpperCase(Locale.ROOT);
                writes.add(pool.submit(() -> {
                    start.await();
                    return putUser(id, field.equals("userName") ? variant : null, field.equals("email") ? variant : null).status();
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Integer> write : writes) {
                int status = write.get();
                assertTrue(status == 201 || status == 409, "status " + status);
                created += status == 201 ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, created, field);
        }
    }

    private Reply login(TestClient client, String username, String password) {
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", username, "password", password).send();
    }

    // Brute-force lockout with the defaults: 5 consecutive failures lock for 30 s, doubling, never revealed.

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
