package gatehouse.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR on a plain {@code java -jar payara-micro.jar --deploy}, with no file
 * but the WAR and no configuration but the root secret: it comes up on the
 * embedded H2 in {@code ./data}, and after a restart every resource, Session
 * and signing key is still there.
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
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
        // Private signing keys are encrypted at rest; a key stored in plaintext (as before encryption) is
        // encrypted on the next start.
        Map<String, String> stored = privateKeys(workDir);
        assertFalse(stored.isEmpty());
        stored.values().forEach(value -> assertTrue(value.startsWith("enc:v1:") && !value.contains("\"d\""), "encrypted"));
        // on H2 the key generated in the data directory; on the shared PostgreSQL database the configured one
        byte[] kek = Base64.getDecoder().decode(TestDatabase.isPostgres() ? System.getProperty("it.key.encryption.key")
                : Files.readString(workDir.resolve("data").resolve("signing-key-encryption.key")).trim());
        String kid = stored.keySet().iterator().next();
        String plaintext = decrypt(stored.get(kid), kid, kek);
        assertTrue(plaintext.contains("\"d\""), "the private JWK, once decrypted");
        storePrivateKey(workDir, kid, plaintext);

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
        assertTrue(privateKeys(workDir).get(kid).startsWith("enc:v1:"), "the plaintext key was encrypted on start");
    }

    private static Connection database(Path workDir) throws SQLException {
        return TestDatabase.isPostgres()
                ? DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"), System.getProperty("it.db.password"))
                : DriverManager.getConnection("jdbc:h2:file:" + workDir.resolve("data").resolve("gatehouse"), "gatehouse", "gatehouse");
    }

    private static Map<String, String> privateKeys(Path workDir) throws SQLException {
        Map<String, String> keys = new java.util.HashMap<>();
        try (Connection db = database(workDir); var rows = db.createStatement().executeQuery("SELECT kid, private_jwk FROM signing_keys")) {
            while (rows.next()) {
                keys.put(rows.getString(1), rows.getString(2));
            }
        }
        return keys;
    }

    private static void storePrivateKey(Path workDir, String kid, String value) throws SQLException {
        try (Connection db = database(workDir); var update = db.prepareStatement("UPDATE signing_keys SET private_jwk = ? WHERE kid = ?")) {
            update.setString(1, value);
            update.setString(2, kid);
            assertEquals(1, update.executeUpdate());
        }
    }

    /** enc:v1:<kek id>:<base64url(iv | ciphertext | tag)>, AES-256-GCM with the kid as associated data. */
    private static String decrypt(String stored, String kid, byte[] kek) throws Exception {
        byte[] sealed = Base64.getUrlDecoder().decode(stored.substring(stored.lastIndexOf(':') + 1));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
    }

    private static Reply login(Http http, TestClient client, TestUser user) {
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
        return reply;
    }
}
