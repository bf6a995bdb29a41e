package gatehouse.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long consecutive failed password checks lock a user: none below the
 * threshold, then the base duration, doubling per further failure, capped.
 */
@ApplicationScoped
public class Lockout {

    @Inject
    @ConfigProperty(name = "gatehouse.lockout.threshold")
    int threshold;

    @Inject
    @ConfigProperty(name = "gatehouse.lockout.seconds")
    long baseSeconds;

    @Inject
    @ConfigProperty(name = "gatehouse.lockout.max.seconds")
    long maxSeconds;

    /** Milliseconds to lock for after this many consecutive failures; 0 for none. */
    long lockMillis(int failures) {
        return lockMillis(failures, threshold, baseSeconds, maxSeconds);
    }

    static long lockMillis(int failures, int threshold, long baseSeconds, long maxSeconds) {
        if (threshold <= 0 || failures < threshold) {
            return 0;
        }
        int doublings = Math.min(failures - threshold, 30);
        return Math.min(maxSeconds, baseSeconds << doublings) * 1000;
    }
}
