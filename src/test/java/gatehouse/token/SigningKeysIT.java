package gatehouse.token;

import java.time.Duration;
import java.time.Instant;
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
 * every second (arquillian.xml); when a key must stay, the test waits for a check
 * that began after the move (the server's metrics say when), so a check that never
 * ran cannot pass for one that kept the key.
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

    /** When the server last checked its keys, by its own clock, as its metrics say. */
    private Instant lastKeyCheck() {
        String metrics = http.get("/metrics").root().send().body();
        return metrics.lines().filter(line -> line.startsWith("gatehouse_signing_key_checked_seconds "))
                .map(line -> Instant.ofEpochMilli(Math.round(Double.parseDouble(line.substring(line.indexOf(' ') + 1)) * 1000)))
                .findFirst().orElseThrow(() -> new AssertionError("no gatehouse_signing_key_checked_seconds in /metrics"));
    }

    /** Waits (the keys are checked every second) until a check began at or after the given server time. */
    private void awaitCheckAfter(Instant serverTime) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Instant checked = lastKeyCheck();
        while (checked.isBefore(serverTime) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            checked = lastKeyCheck();
        }
        assertFalse(checked.isBefore(serverTime), "a key check ran after the clock moved to " + serverTime + "; last: " + checked);
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

        Instant moved = http.advanceClock(Duration.ofMinutes(5));
        awaitCheckAfter(moved);
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
