package gatehouse.client;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gatehouse.error.Problem;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Failed credentials (wrong client secrets, unknown clients, wrong passwords)
 * counted per source address: overall, and per client id from that address.
 * Past either limit within the window, requests from that address that would
 * check credentials get 429 with Retry-After before any hash is computed. Never
 * by client id or user alone: whoever knows a client id cannot lock that client's
 * traffic from other addresses out (per-user lockout is the user package's).
 * Token buckets (Bucket4j): each failure takes a token, and they come back
 * steadily over the window.
 */
@ApplicationScoped
public class CredentialThrottle {

    /** Addresses (and address and client pairs) remembered at once; the oldest are forgotten first. */
    static final int MAX_TRACKED = 100_000;
    static final int MAX_CLIENT_ID = 64;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.failures.per.address", defaultValue = "100")
    long perAddress;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.failures.per.client", defaultValue = "20")
    long perClient;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.window.seconds", defaultValue = "60")
    long windowSeconds;

    private Cache<String, Bucket> buckets;

    @PostConstruct
    void build() {
        buckets = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterAccess(Duration.ofSeconds(Math.max(windowSeconds, 1)))
                .executor(Runnable::run)
                .build();
    }

    /** Refuses (429) credentials from an address that failed too often lately, overall or with this client. */
    public void check(String address, String clientId) {
        if (!enabled) {
            return;
        }
        refuseIfEmpty(buckets.getIfPresent(address));
        if (tracked(clientId)) {
            refuseIfEmpty(buckets.getIfPresent(address + " " + clientId));
        }
    }

    /** Counts one failed credential check from the address, with this client (if known). */
    public void failed(String address, String clientId) {
        if (!enabled) {
            return;
        }
        buckets.get(address, key -> bucket(perAddress)).tryConsume(1);
        if (tracked(clientId)) {
            buckets.get(address + " " + clientId, key -> bucket(perClient)).tryConsume(1);
        }
    }

    /** Ids longer than any stored client's count only towards their address: the caller chose them. */
    private static boolean tracked(String clientId) {
        return clientId != null && clientId.length() <= MAX_CLIENT_ID;
    }

    private Bucket bucket(long failures) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(failures).refillGreedy(failures, Duration.ofSeconds(windowSeconds)).build())
                .build();
    }

    private static void refuseIfEmpty(Bucket bucket) {
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return;
        }
        long waitNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        throw new Problem(Problem.Kind.TOO_MANY_REQUESTS, "Too many failed credentials from this address; retry in "
                + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
    }
}
