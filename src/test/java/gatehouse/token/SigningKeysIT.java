package gatehouse.token;

import java.time.Duration;
import java.util.List;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.JwtParts;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys retire: a key stays in the JWKS while a token it signed can
 * be valid, then goes; a new key comes every gatehouse.key.rotation.days. The
 * server's clock is moved (this class's server only), and it checks its keys
 * every second (arquillian.xml).
 */
class SigningKeysIT extends GatehouseIT {

    private List<String> publishedKids() {
        return http.get("/.well-known/jwks.json").send().json().getJsonArray("keys").stream()
                .map(JsonValue::asJsonObject).map(key -> key.getString("kid")).toList();
    }

    private String signedKid(TestClient client, TestUser user) {
        String jwt = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password())
                .send().json().getString("access_token");
        return JwtParts.header(jwt).getString("kid");
    }

    /** Waits (the keys are checked every second) until the published kids satisfy the condition. */
    private List<String> awaitKids(java.util.function.Predicate<List<String>> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> kids = publishedKids();
        while (!condition.test(kids) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            kids = publishedKids();
        }
        assertTrue(condition.test(kids), what + ": " + kids);
        return kids;
    }

    @Test
    void aRotatedKeyStaysPublishedWhileItsTokensLiveThenRetires() throws Exception {
        TestClient client = TestClients.confidential().jwt().accessTokenSeconds(600).create(http);
        TestUser user = TestUsers.user().create(http);
        String oldKid = signedKid(client, user);
        String newKid = http.post("/auth/keys/rotate").root().send().json().getString("kid");
        assertNotEquals(oldKid, newKid);
        assertEquals(newKid, signedKid(client, user), "the new key signs at once");
        assertTrue(publishedKids().containsAll(List.of(oldKid, newKid)), "the old key still verifies its tokens");

        http.advanceClock(Duration.ofMinutes(5));
        Thread.sleep(2500); // two checks
        assertTrue(publishedKids().contains(oldKid), "a token it signed is valid for five more minutes");

        // Every token the old key signed (up to the default lifetime of an hour, plus headroom) has expired by now.
        http.advanceClock(Duration.ofHours(3));
        awaitKids(kids -> !kids.contains(oldKid) && kids.contains(newKid), "the old key retired, the new one stays");
    }

    @Test
    void keysRotateOnScheduleAfterNinetyDays() throws Exception {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().create(http);
        String before = signedKid(client, user);
        http.advanceClock(Duration.ofDays(91));
        awaitKids(kids -> !kids.get(0).equals(before), "a new key leads the JWKS");
        String after = signedKid(client, user);
        assertNotEquals(before, after, "and signs");
        assertFalse(after.isEmpty());
    }
}
