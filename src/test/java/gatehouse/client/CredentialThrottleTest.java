package gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import gatehouse.error.Problem;
import org.junit.jupiter.api.Test;

class CredentialThrottleTest {

    private static CredentialThrottle throttle(boolean enabled) {
        CredentialThrottle throttle = new CredentialThrottle();
        throttle.enabled = enabled;
        throttle.perAddress = 10;
        throttle.perClient = 3;
        throttle.windowSeconds = 3600;
        throttle.build();
        return throttle;
    }

    @Test
    void failuresPerClientRunOutAndAnswer429WithRetryAfter() {
        CredentialThrottle throttle = throttle(true);
        for (int i = 0; i < 3; i++) {
            throttle.attempt("10.0.0.1", "app");
        }
        Problem refused = assertThrows(Problem.class, () -> throttle.attempt("10.0.0.1", "app"));
        assertEquals(429, refused.status());
        assertTrue(Long.parseLong(refused.headers().get("Retry-After")) >= 1);
        assertDoesNotThrow(() -> throttle.attempt("10.0.0.1", "other"), "another client from the same address still has its own count");
        assertDoesNotThrow(() -> throttle.attempt("10.0.0.2", "app"), "the same client from another address is not locked out");
    }

    @Test
    void successesGiveTheirCountBack() {
        CredentialThrottle throttle = throttle(true);
        for (int i = 0; i < 50; i++) {
            throttle.attempt("10.0.0.1", "app");
            throttle.succeeded("10.0.0.1", "app");
        }
        assertDoesNotThrow(() -> throttle.attempt("10.0.0.1", "app"));
    }

    @Test
    void theAddressLimitCoversEveryClientIdIncludingUnknownAndOverlongOnes() {
        CredentialThrottle throttle = throttle(true);
        String overlong = "x".repeat(CredentialThrottle.MAX_CLIENT_ID + 1);
        for (int i = 0; i < 10; i++) {
            String clientId = switch (i % 3) {
                case 0 -> null;
                case 1 -> overlong + i;
                default -> "client-" + i;
            };
            throttle.attempt("10.0.0.1", clientId);
        }
        assertEquals(429, assertThrows(Problem.class, () -> throttle.attempt("10.0.0.1", "fresh")).status());
        assertEquals(429, assertThrows(Problem.class, () -> throttle.attempt("10.0.0.1", null)).status());
    }

    @Test
    void aRefusedClientAttemptDoesNotSpendTheAddressCount() {
        CredentialThrottle throttle = throttle(true);
        for (int i = 0; i < 3; i++) {
            throttle.attempt("10.0.0.1", "app");
        }
        for (int i = 0; i < 20; i++) {
            assertThrows(Problem.class, () -> throttle.attempt("10.0.0.1", "app"));
        }
        for (int i = 0; i < 7; i++) {
            throttle.attempt("10.0.0.1", "other-" + i);
        }
        assertThrows(Problem.class, () -> throttle.attempt("10.0.0.1", "another"));
    }

    @Test
    void concurrentGuessesNeverGetMoreChecksThanTheLimit() throws Exception {
        CredentialThrottle throttle = throttle(true);
        int threads = 16;
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100; i++) {
                        try {
                            throttle.attempt("10.0.0.9", "app");
                            admitted.incrementAndGet();
                        } catch (Problem refused) {
                            // counted
                        }
                    }
                    return null;
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(3, admitted.get());
    }

    @Test
    void disabledNeverRefuses() {
        CredentialThrottle throttle = throttle(false);
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 100; i++) {
                throttle.attempt("10.0.0.1", "app");
            }
        });
    }

    @Test
    void countedCheckGivesItsCountBackOnlyWhenItReturns() {
        CredentialThrottle throttle = throttle(true);
        for (int i = 0; i < 50; i++) {
            assertEquals("verified", throttle.counted("10.0.0.1", "app", () -> "verified"));
        }
        for (int i = 0; i < 3; i++) {
            assertThrows(IllegalStateException.class, () -> throttle.counted("10.0.0.1", "app", () -> {
                throw new IllegalStateException("a wrong credential, a database error, a bug: all the same");
            }));
        }
        Problem refused = assertThrows(Problem.class, () -> throttle.counted("10.0.0.1", "app", () -> {
            throw new AssertionError("a refused address is not checked");
        }));
        assertEquals(429, refused.status());
    }
}
