package gatehouse.console;

import java.nio.file.Path;
import java.util.HashMap;
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
 * The bootstrap administrator the way an operator starts it (GATEHOUSE_ADMIN_USER and
 * GATEHOUSE_ADMIN_PASSWORD on a Payara Micro of its own): refused when its password is short,
 * created with a policy that lets it do what root does, never written again at the next start.
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
class BootstrapAdminIT {

    @Test
    void adminIsCreatedOnceAndMayDoWhatRootDoes() throws Exception {
        String mark = UUID.randomUUID().toString().substring(0, 8);
        String rootSecret = "root-secret-" + UUID.randomUUID();
        String name = "boot-admin-" + mark;
        String password = "first-password-" + mark;
        Path work = Path.of("target", "bootstrap-admin-it", mark).toAbsolutePath();
        Map<String, String> environment = new HashMap<>(Map.of("GATEHOUSE_ROOT_CLIENT_SECRET", rootSecret,
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"),
                "GATEHOUSE_ADMIN_USER", name));

        environment.put("GATEHOUSE_ADMIN_PASSWORD", "short-7");
        String refused = PayaraMicroProcess.startExpectingDeploymentFailure(work.resolve("short"), environment,
                "GATEHOUSE_ADMIN_PASSWORD is shorter than 8 characters");
        assertFalse(refused.contains("short-7"), "the password is never logged");

        environment.put("GATEHOUSE_ADMIN_PASSWORD", password);
        String clientId = "boot-app-" + mark;
        String clientSecret = "boot-app-secret-" + UUID.randomUUID();
        String changed = "changed-in-the-console-" + mark;
        String userId;
        String policyId;
        try (PayaraMicroProcess server = PayaraMicroProcess.start(work, environment)) {
            Http http = server.http();
            JsonObject found = http.get("/User?userName=" + name).basic("root", rootSecret).send().json();
            assertEquals(1, found.getInt("total"), "created at start-up");
            JsonObject admin = found.getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
            userId = admin.getString("id");
            assertEquals(name, userId, "a valid id: the name itself");
            assertFalse(admin.containsKey("password"));
            policyId = policyOf(http, rootSecret, userId);
            assertTrue(server.log().contains("Created the administrator " + name));
            assertFalse(server.log().contains(password), "the password is never logged");

            assertEquals(201, http.put("/Client/" + clientId).basic("root", rootSecret)
                    .json("{\"secret\":\"" + clientSecret + "\",\"grant_types\":[\"password\"]}").send().status());
            String token = token(http, clientId, clientSecret, name, password);

            // Everything root does through the console, privileged fields included.
            String other = "boot-user-" + mark;
            assertEquals(201, http.put("/User/" + other).bearer(token).json("{\"userName\":\"" + other
                    + "\",\"password\":\"a-long-password\",\"roles\":[{\"value\":\"nurse\"}],\"inactive\":true}").send().status());
            assertEquals(200, http.put("/User/" + other).bearer(token)
                    .json("{\"userName\":\"" + other + "\",\"roles\":[],\"lockedUntil\":null}").send().status());
            assertEquals(201, http.put("/Client/" + clientId + "-2").bearer(token).json("{\"secret\":\"another-secret-of-16\","
                    + "\"grant_types\":[\"client_credentials\"],\"auth\":{\"client_credentials\":{\"token_format\":\"jwt\"}},"
                    + "\"introspection\":\"any\"}").send().status());
            assertEquals(200, http.get("/Session?_count=1").bearer(token).send().status());
            assertEquals(200, http.get("/AuditEvent?_count=1").bearer(token).send().status());
            assertEquals(201, http.put("/AccessPolicy/boot-policy-" + mark).bearer(token)
                    .json("{\"engine\":\"allow\",\"link\":[{\"resourceType\":\"User\",\"id\":\"" + other + "\"}]}").send().status());
            Reply explain = http.post("/auth/explain").bearer(token).json("{\"user\":\"" + userId + "\",\"method\":\"delete\",\"uri\":\"/Client/x\"}").send();
            assertEquals(200, explain.status(), explain.toString());
            assertEquals(200, http.post("/auth/keys/rotate").bearer(token).send().status());
            assertEquals(200, http.get("/metrics").bearer(token).send().status());
            // Its own password, changed as an administrator would in the console.
            assertEquals(200, http.put("/User/" + userId).bearer(token)
                    .json("{\"userName\":\"" + name + "\",\"password\":\"" + changed + "\"}").send().status());
        }

        // The next start with the variables still set (another password, even) leaves the administrator alone.
        environment.put("GATEHOUSE_ADMIN_PASSWORD", "yet-another-password-" + mark);
        try (PayaraMicroProcess server = PayaraMicroProcess.start(work, environment)) {
            Http http = server.http();
            assertEquals(1, http.get("/User?userName=" + name).basic("root", rootSecret).send().json().getInt("total"));
            assertEquals(policyId, policyOf(http, rootSecret, userId), "the same policy, not a second one");
            token(http, clientId, clientSecret, name, changed);
            assertEquals(400, http.post("/auth/token").oauthBasic(clientId, clientSecret).form("grant_type", "password",
                    "username", name, "password", "yet-another-password-" + mark).send().status(), "never overwritten");
            for (String path : new String[] {"/AccessPolicy/boot-policy-" + mark, "/AccessPolicy/" + policyId,
                    "/User/boot-user-" + mark, "/User/" + userId, "/Client/" + clientId + "-2", "/Client/" + clientId}) {
                assertEquals(200, http.delete(path).basic("root", rootSecret).send().status(), path);
            }
        }
    }

    /** The id of the one policy linked to the user: gatehouse-admin, or gatehouse-admin-<id> on a database that had one. */
    private static String policyOf(Http http, String rootSecret, String userId) {
        JsonObject linked = http.get("/AccessPolicy?link.id=" + userId).basic("root", rootSecret).send().json();
        assertEquals(1, linked.getInt("total"), linked.toString());
        String id = linked.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id");
        assertTrue(id.equals(BootstrapAdmin.POLICY_ID) || id.equals(BootstrapAdmin.POLICY_ID + "-" + userId), id);
        return id;
    }

    private static String token(Http http, String clientId, String clientSecret, String user, String password) {
        Reply reply = http.post("/auth/token").oauthBasic(clientId, clientSecret)
                .form("grant_type", "password", "username", user, "password", password).send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getString("access_token");
    }
}
