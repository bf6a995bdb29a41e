package gatehouse.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR on a plain {@code java -jar payara-micro.jar --deploy}, with no file
 * but the WAR and no configuration but the root secret: it comes up on the
 * embedded H2 in {@code ./data}, and after a restart every resource, Session
 * and signing key is still there.
 */
@ExtendWith(LastResponseWatcher.class)
class RestartIT {

    @Test
    void plainPayaraMicroKeepsResourcesSessionsKeysAndPasswordsAcrossARestart() throws Exception {
        Path workDir = Path.of("target", "restart-it", UUID.randomUUID().toString()).toAbsolutePath();
        Map<String, String> environment = Map.of("GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"));
        String patientId = "pt-" + UUID.randomUUID();
        TestClient jwtClient;
        TestClient opaqueClient;
        JsonObject jwtTokens;
        JsonObject opaqueTokens;
        TestUser user;
        String jwks;
        try (PayaraMicroProcess first = PayaraMicroProcess.start(workDir, environment)) {
            Http http = first.http();
            assertEquals(201, http.put("/Patient/" + patientId).root().json("{\"name\":\"Kept\"}").send().status());
            jwtClient = TestClients.confidential().jwt().refreshTokens().create(http);
            opaqueClient = TestClients.confidential().refreshTokens().create(http);
            user = TestUsers.user().create(http);
            jwtTokens = login(http, jwtClient, user).json();
            opaqueTokens = login(http, opaqueClient, user).json();
            jwks = http.get("/.well-known/jwks.json").send().body();
            assertEquals(404, http.post("/auth/test/clock?advance=60").root().send().status(),
                    "the test clock exists only where a test turned it on");
        }
        if (!TestDatabase.isPostgres()) {
            assertTrue(Files.exists(workDir.resolve("data").resolve("gatehouse.mv.db")), "H2 lives in ./data by default");
        }

        // The second start raises the hash cost: old hashes still verify and are upgraded on login.
        Map<String, String> raisedCost = Map.of("GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", Integer.toString(2 * Integer.getInteger("it.hash.iterations", 1024)));
        try (PayaraMicroProcess second = PayaraMicroProcess.start(workDir, raisedCost)) {
            Http http = second.http();
            Reply patient = http.get("/Patient/" + patientId).root().send();
            assertEquals(200, patient.status());
            assertEquals("Kept", patient.json().getString("name"));
            assertEquals(jwks, http.get("/.well-known/jwks.json").send().body(), "the same signing keys");
            assertEquals(200, http.get("/auth/userinfo").bearer(jwtTokens.getString("access_token")).send().status());
            assertEquals(200, http.get("/auth/userinfo").bearer(opaqueTokens.getString("access_token")).send().status());
            assertEquals(200, login(http, opaqueClient, user).status(), "a hash of the old cost verifies");
            assertEquals(200, login(http, opaqueClient, user).status(), "and so does its upgrade");
            if (TestDatabase.isPostgres()) {
                assertTrue(TestDatabase.passwordHashOf(user.id()).startsWith("PBKDF2WithHmacSHA256:"
                        + 2 * Integer.getInteger("it.hash.iterations", 1024) + ":"), "upgraded to the current cost");
            }
            Reply refreshed = http.post("/auth/token").oauthBasic(jwtClient.id(), jwtClient.secret())
                    .form("grant_type", "refresh_token", "refresh_token", jwtTokens.getString("refresh_token")).send();
            assertEquals(200, refreshed.status());
            Reply opaqueRefreshed = http.post("/auth/token").oauthBasic(opaqueClient.id(), opaqueClient.secret())
                    .form("grant_type", "refresh_token", "refresh_token", opaqueTokens.getString("refresh_token")).send();
            assertEquals(200, opaqueRefreshed.status());
        }
    }

    private static Reply login(Http http, TestClient client, TestUser user) {
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
        return reply;
    }
}
