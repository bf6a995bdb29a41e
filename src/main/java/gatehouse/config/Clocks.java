package gatehouse.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one clock of the server, injected everywhere. With
 * {@code gatehouse.test.clock=true} (tests only: never in production) it can be
 * moved forward through {@link TestClockResource}, so that tests of expiry,
 * lockout and retention move time instead of waiting for it.
 */
@ApplicationScoped
public class Clocks {

    @Inject
    @ConfigProperty(name = "gatehouse.test.clock")
    boolean adjustable;

    private Clock clock;
    private ForwardClock forward;

    @PostConstruct
    void choose() {
        forward = adjustable ? new ForwardClock() : null;
        clock = adjustable ? forward : Clock.systemUTC();
    }

    @Produces
    Clock clock() {
        return clock;
    }

    boolean adjustable() {
        return adjustable;
    }

    /** Moves the test clock forward; returns the new time. */
    synchronized Instant advance(Duration by) {
        forward.offsetMillis += by.toMillis();
        return forward.instant();
    }

    /** The system clock plus an offset that only grows. */
    private static final class ForwardClock extends Clock {
        private final Clock system = Clock.systemUTC();
        private volatile long offsetMillis;

        @Override
        public long millis() {
            return system.millis() + offsetMillis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("Gatehouse keeps time in UTC");
        }
    }
}
