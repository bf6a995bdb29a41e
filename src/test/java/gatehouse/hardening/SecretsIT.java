package gatehouse.hardening;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every flow with distinctive secrets, then searches the server's whole log
 * and every resource a client can read for them: passwords, client secrets, and
 * access and refresh tokens must appear nowhere.
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
class SecretsIT {

    @Test
    void noSecretOrTokenAppearsInTheLogOrInAnyResource() throws Exception {
        String mark = UUID.randomUUID().toString().replace("-", "");
        String rootSecret = "rootsecret" + mark;
        String clientSecret = "clientsecret" + mark;
        String password = "userpassword" + mark;
        String wrongPassword = "wrongpassword" + mark;
        List<String> secrets = new ArrayList<>(List.of(rootSecret, clientSecret, password, wrongPassword));
        String log;
        Path work = Path.of("target", "secrets-it", mark).toAbsolutePath();
        try (PayaraMicroProcess server = PayaraMicroProcess.start(work, PayaraMicroProcess.withShortLivedJvm(Map.of(
                "GATEHOUSE_ROOT_CLIENT_SECRET", rootSecret,
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"))))) {
            Http http = server.http();
            assertEquals(201, http.put("/Client/app-" + mark).basic("root", rootSecret).json("{\"secret\":\"" + clientSecret
                    + "\",\"grant_types\":[\"password\"],\"auth\":{\"password\":{\"token_format\":\"jwt\",\"refresh_token\":true}}}").send().status());
            assertEquals(201, http.put("/Client/opaque-" + mark).basic("root", rootSecret).json("{\"secret\":\"" + clientSecret
                    + "\",\"grant_types\":[\"password\"],\"auth\":{\"password\":{\"refresh_token\":true}}}").send().status());
            assertEquals(201, http.put("/User/alice-" + mark).basic("root", rootSecret)
                    .json("{\"userName\":\"alice-" + mark + "\",\"password\":\"" + password + "\",\"roles\":[{\"value\":\"x\"}]}").send().status());
            assertEquals(400, http.post("/auth/token").oauthBasic("app-" + mark, clientSecret)
                    .form("grant_type", "password", "username", "alice-" + mark, "password", wrongPassword).send().status());
            assertEquals(401, http.post("/auth/token").oauthBasic("app-" + mark, wrongPassword)
                    .form("grant_type", "password", "username", "alice-" + mark, "password", password).send().status());
            assertEquals(401, http.get("/Patient").basic("root", wrongPassword).send().status());
            for (String clientId : List.of("app-" + mark, "opaque-" + mark)) {
                JsonObject tokens = http.post("/auth/token").oauthBasic(clientId, clientSecret)
                        .form("grant_type", "password", "username", "alice-" + mark, "password", password).send().json();
                String access = tokens.getString("access_token");
                String refresh = tokens.getString("refresh_token");
                JsonObject refreshed = http.post("/auth/token").json("{\"grant_type\":\"refresh_token\",\"client_id\":\""
                        + clientId + "\",\"client_secret\":\"" + clientSecret + "\",\"refresh_token\":\"" + refresh + "\"}").send().json();
                String access2 = refreshed.getString("access_token");
                String refresh2 = refreshed.getString("refresh_token");
                secrets.addAll(List.of(access, refresh, access2, refresh2));
                assertEquals(400, http.post("/auth/token").oauthBasic(clientId, clientSecret)
                        .form("grant_type", "refresh_token", "refresh_token", refresh).send().status(), "replay");
                assertEquals(401, http.get("/auth/userinfo").bearer(access2).send().status());
                JsonObject third = http.post("/auth/token").oauthBasic(clientId, clientSecret)
                        .form("grant_type", "password", "username", "alice-" + mark, "password", password).send().json();
                String access3 = third.getString("access_token");
                secrets.addAll(List.of(access3, third.getString("refresh_token")));
                assertEquals(200, http.get("/auth/userinfo").bearer(access3).send().status());
                assertEquals(403, http.get("/Patient").bearer(access3).send().status());
                assertEquals(200, http.post("/auth/introspect").oauthBasic(clientId, clientSecret).form("token", access3).send().status());
                assertEquals(200, http.delete("/Session").bearer(access3).send().status());
                assertEquals(200, http.post("/auth/revoke").oauthBasic(clientId, clientSecret)
                        .form("token", third.getString("refresh_token")).send().status());
            }
            List<String> readable = new ArrayList<>();
            for (String path : List.of("/Session", "/User", "/Client", "/User/alice-" + mark, "/Client/app-" + mark, "/Session?_count=1000")) {
                Reply reply = http.get(path).basic("root", rootSecret).send();
                assertEquals(200, reply.status());
                readable.add(reply.body());
                readable.add(http.get(path).basic("root", rootSecret).accept("text/yaml").send().body());
            }
            for (String secret : secrets) {
                for (String body : readable) {
                    assertFalse(body.contains(secret), "a secret or token in a resource");
                }
            }
            log = server.log();
        }
        assertTrue(log.contains("Payara Micro"), "the log was captured");
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "a secret or token in the server log");
        }
    }
}
