package gatehouse.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Changing the key-encryption key on two instances of one PostgreSQL database, as
 * docs/operating.md tells an operator to: both start together with the new key and
 * the previous one, re-seal every private signing key once, and serve the tokens
 * issued before; without the previous key, a key still sealed with it is refused.
 * The test has its own database: re-sealing the run's shared one would lock the
 * other servers out. The refusal is tried on a copy of that database, by a server
 * that starts beside the last one (two starts at once take less time than one after
 * the other).
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
class KeyEncryptionRotationIT {

    static final String OLD = key("old");
    static final String NEW = key("new");

    @Test
    void keyEncryptionKeyChangedOnTwoInstancesThenEarlierTokensVerifyAndOldSealedKeysAreRefusedOnceThePreviousKeyIsGone() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "two instances need a shared database: run with -Ppostgres");
        String url = System.getProperty("it.db.url");
        String database = "gatehouse_kek_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String databaseUrl = url.substring(0, url.lastIndexOf('/') + 1) + database;
        String copy = database + "_copy";
        String copyUrl = databaseUrl + "_copy";
        admin("CREATE DATABASE " + database);
        try {
            Path work = Path.of("target", "key-encryption-rotation-it", database).toAbsolutePath();
            // five short-lived servers: C1 and the serial collector, as the Arquillian ones
            Map<String, String> common = PayaraMicroProcess.withShortLivedJvm(Map.of(
                    "GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                    "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"),
                    "GATEHOUSE_DATASOURCE_URL", databaseUrl));

            // Before: one instance, the old key; two signing keys, tokens of both.
            TestClient client;
            TestUser user;
            String signedByFirstKey;
            String signedBySecondKey;
            String refreshToken;
            try (PayaraMicroProcess before = PayaraMicroProcess.start(work.resolve("before"), with(common, OLD, null))) {
                Http http = before.http();
                client = TestClients.confidential().jwt().refreshTokens().create(http);
                user = TestUsers.user().create(http);
                signedByFirstKey = login(http, client, user).getString("access_token");
                assertEquals(200, http.post("/auth/keys/rotate").root().send().status());
                JsonObject tokens = login(http, client, user);
                signedBySecondKey = tokens.getString("access_token");
                refreshToken = tokens.getString("refresh_token");
            }
            Map<String, String> sealedWithOld = storedKeys(databaseUrl);
            assertEquals(2, sealedWithOld.size());
            sealedWithOld.values().forEach(stored -> assertTrue(stored.startsWith("enc:v1:" + id(OLD) + ":")));

            // The change: both instances start at once with the new key and the previous one.
            Map<String, String> changing = with(common, NEW, OLD);
            CompletableFuture<PayaraMicroProcess> startingA = PayaraMicroProcess.startAsync(work.resolve("a"), changing);
            CompletableFuture<PayaraMicroProcess> startingB = PayaraMicroProcess.startAsync(work.resolve("b"), changing);
            try {
                PayaraMicroProcess a = startingA.join();
                PayaraMicroProcess b = startingB.join();
                for (Http http : new Http[] {a.http(), b.http()}) {
                    assertEquals(200, http.get("/auth/userinfo").bearer(signedByFirstKey).send().status());
                    assertEquals(200, http.get("/auth/userinfo").bearer(signedBySecondKey).send().status());
                    assertEquals(200, http.get("/auth/userinfo").bearer(login(http, client, user).getString("access_token")).send().status());
                }
                Reply refreshed = a.http().post("/auth/token").oauthBasic(client.id(), client.secret())
                        .form("grant_type", "refresh_token", "refresh_token", refreshToken).send();
                assertEquals(200, refreshed.status(), "refresh tokens from before the change still work");
                assertEquals(200, b.http().get("/auth/userinfo").bearer(refreshed.json().getString("access_token")).send().status());
                assertEquals(a.http().get("/.well-known/jwks.json").send().body(), b.http().get("/.well-known/jwks.json").send().body());
                for (String log : new String[] {a.log(), b.log()}) {
                    assertFalse(log.contains(OLD) || log.contains(NEW), "a key-encryption key in the log");
                }
            } finally {
                // both stopped together (and one that started while the other failed, too)
                PayaraMicroProcess.closeAll(startingA.exceptionally(failed -> null).join(), startingB.exceptionally(failed -> null).join());
            }
            Map<String, String> resealed = storedKeys(databaseUrl);
            assertEquals(sealedWithOld.keySet(), resealed.keySet(), "the same keys, none added by the two starts");
            resealed.values().forEach(stored -> assertTrue(stored.startsWith("enc:v1:" + id(NEW) + ":"), "re-sealed with the new key"));

            // A key still sealed with the removed key (say, made meanwhile by an instance still on the old one) is refused.
            // Tried on a copy of the database as it is now, by a server that starts beside the next one.
            String newest = resealed.keySet().iterator().next();
            admin("CREATE DATABASE " + copy + " TEMPLATE " + database);
            execute(copyUrl, "UPDATE signing_keys SET private_jwk = '" + sealedWithOld.get(newest) + "' WHERE kid = '" + newest + "'");
            Map<String, String> onTheCopy = with(common, NEW, null);
            onTheCopy.put("GATEHOUSE_DATASOURCE_URL", copyUrl);
            CompletableFuture<String> refusing = CompletableFuture.supplyAsync(() -> {
                try {
                    return PayaraMicroProcess.startExpectingDeploymentFailure(work.resolve("refused"), onTheCopy,
                            "GATEHOUSE_KEY_ENCRYPTION_KEY_PREVIOUS (not set)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // After: the previous key removed; the keys, all re-sealed, serve.
            try (PayaraMicroProcess after = PayaraMicroProcess.start(work.resolve("after"), with(common, NEW, null))) {
                assertEquals(200, after.http().get("/auth/userinfo").bearer(signedByFirstKey).send().status());
                assertEquals(200, after.http().get("/auth/userinfo").bearer(login(after.http(), client, user).getString("access_token")).send().status());
            } finally {
                refusing.exceptionally(failed -> null).join(); // never a server left running
            }

            String log = refusing.join();
            assertTrue(log.contains("Signing key " + newest + " is encrypted with the key-encryption key " + id(OLD)), log);
            assertFalse(log.contains(OLD) || log.contains(NEW), "a key-encryption key in the log");
        } finally {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            admin("DROP DATABASE IF EXISTS " + copy + " WITH (FORCE)");
        }
    }

    private static Map<String, String> with(Map<String, String> common, String key, String previous) {
        Map<String, String> environment = new HashMap<>(common);
        environment.put("GATEHOUSE_KEY_ENCRYPTION_KEY", key);
        if (previous != null) {
            environment.put("GATEHOUSE_KEY_ENCRYPTION_KEY_PREVIOUS", previous);
        }
        return environment;
    }

    private static JsonObject login(Http http, TestClient client, TestUser user) {
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
        return reply.json();
    }

    private static String key(String name) {
        return Base64.getEncoder().encodeToString((name + "-kek-of-key-encryption-rotation-it-").substring(0, 32).getBytes(StandardCharsets.UTF_8));
    }

    /** The id a stored key names its key-encryption key by: the first 4 bytes of its SHA-256. */
    private static String id(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(key)), 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kid → stored private key, newest first. */
    private static Map<String, String> storedKeys(String databaseUrl) throws SQLException {
        Map<String, String> keys = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(databaseUrl, System.getProperty("it.db.user"), System.getProperty("it.db.password"));
             var result = db.createStatement().executeQuery("SELECT kid, private_jwk FROM signing_keys ORDER BY seq DESC")) {
            while (result.next()) {
                keys.put(result.getString(1), result.getString(2));
            }
        }
        return keys;
    }

    private static void execute(String databaseUrl, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(databaseUrl, System.getProperty("it.db.user"), System.getProperty("it.db.password"))) {
            db.createStatement().execute(sql);
        }
    }

    private static void admin(String sql) throws SQLException {
        String url = System.getProperty("it.db.url");
        execute(url.substring(0, url.lastIndexOf('/')) + "/postgres", sql);
    }
}
