package gatehouse.session;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resolved-token cache never brings back what this instance closed: a
 * resolution that read the Session before the close cannot cache it after
 * (a closed Session is never served from the cache), however the two interleave.
 */
class ResolvedTokensTest {

    private static final long T = 1_000_000;
    private ResolvedTokens cache;
    private MovingClock clock;

    static final class MovingClock extends Clock {
        long now = T;

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void cache() {
        clock = new MovingClock();
        cache = new ResolvedTokens();
        cache.ttlMillis = 500;
        cache.clock = clock;
        cache.build();
    }

    private static SessionPrincipal caller(String sessionId, String clientId) {
        Session session = new Session(sessionId, "password", null, clientId, T);
        session.tokens("hash-" + sessionId, T + 3_600_000, null, null);
        return new SessionPrincipal(session, null);
    }

    @Test
    void aResolutionThatReadBeforeTheCloseIsNotCached() {
        SessionPrincipal open = caller("s1", "app");
        long readAt = clock.now;
        clock.now += 5;
        cache.forgetSession("s1"); // the close, after the read, before the put
        clock.now += 5;
        cache.put("h1", open, readAt);

        assertFalse(cache.get("h1", clock.now).isPresent());
    }

    @Test
    void aResolutionCachedBeforeTheCloseIsForgotten() {
        cache.put("h1", caller("s1", "app"), clock.now);
        clock.now += 5;
        cache.forgetSession("s1");

        assertFalse(cache.get("h1", clock.now).isPresent());
    }

    @Test
    void aResolutionThatReadAfterTheCloseIsCached() {
        cache.forgetSession("s1");
        clock.now += 5;
        cache.put("h1", caller("s1", "app"), clock.now);

        assertTrue(cache.get("h1", clock.now).isPresent(), "a later read saw the close; whatever it found stands");
    }

    @Test
    void aClientsSessionsAreForgottenWithItsCredentials() {
        SessionPrincipal open = caller("s2", "app");
        long readAt = clock.now;
        cache.put("h2", caller("s3", "app"), clock.now);
        clock.now += 1;
        cache.forgetClient("app");
        cache.put("h1", open, readAt);

        assertFalse(cache.get("h1", clock.now).isPresent());
        assertFalse(cache.get("h2", clock.now).isPresent());
    }

    @Test
    void entriesExpireAfterTheTrustWindow() {
        cache.put("h1", caller("s1", "app"), clock.now);
        clock.now += 500;

        assertFalse(cache.get("h1", clock.now).isPresent());
    }
}
