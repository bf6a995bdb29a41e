package gatehouse.client;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

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
 * Failed credentials (wrong client secrets, unknown clients, wrong passwords or
 * refresh tokens) counted per source address: overall, and per client id from that
 * address. Every check runs through {@link #counted}, counted before it runs and
 * given back only when it succeeds, so past either limit within the window an
 * address gets 429 with Retry-After
 * before any hash is computed, however many guesses it sends at once. Never by
 * client id or user alone: whoever knows a client id cannot lock that client's
 * traffic from other addresses out (per-user lockout is the user package's).
 * Token buckets (Bucket4j) refill steadily over the window.
 */
@ApplicationScoped
public class CredentialThrottle {

    /** Addresses (and address and client pairs) remembered at once; the oldest are forgotten first. */
    static final int MAX_TRACKED = 100_000;
    static final int MAX_CLIENT_ID = 64;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.failures.per.address")
    long perAddress;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.failures.per.client")
    long perClient;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.window.seconds")
    long windowSeconds;

    private Cache<String, Bucket> buckets;

    /** Addresses refused lately, until their Retry-After has passed. */
    private Cache<String, Boolean> refusing;

    @PostConstruct
    void build() {
        buckets = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterAccess(Duration.ofSeconds(Math.max(windowSeconds, 1)))
                .executor(Runnable::run)
                .build();
        refusing = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterWrite(Duration.ofSeconds(Math.max(Math.min(windowSeconds, 60), 1)))
                .executor(Runnable::run)
                .build();
    }

    /** Whether credentials from this address were refused lately (with any client id). */
    public boolean refusing(String address) {
        return enabled && refusing.getIfPresent(address) != null;
    }

    /**
     * Runs a credential check, failing closed: counted before it runs (429 instead, when
     * the address has no count left, overall or with this client), and given back only
     * when the check returns, which it does only when the credentials verified. Any
     * exception (a wrong credential, a malformed request, a database error, a bug)
     * keeps the count. Counting before the hash, not after, is what keeps a flood of
     * concurrent guesses from all reaching the hash gate: an address has at most as
     * many checks in flight as it has failures left.
     *
     * @param clientId the client id presented, if any
     * @param check    returns only on verified credentials, and throws otherwise
     */
    public <T> T counted(String address, String clientId, Supplier<T> check) {
        attempt(address, clientId);
        T verified = check.get();
        succeeded(address, clientId);
        return verified;
    }

    /** Counts a check from the address (with this client, if known), or refuses it (429). */
    void attempt(String address, String clientId) {
        if (!enabled) {
            return;
        }
        Bucket overall = buckets.get(address, key -> bucket(perAddress));
        if (!overall.tryConsume(1)) {
            throw refused(address, overall);
        }
        if (tracked(clientId)) {
            Bucket perClientBucket = buckets.get(address + " " + clientId, key -> bucket(perClient));
            if (!perClientBucket.tryConsume(1)) {
                overall.addTokens(1);
                throw refused(address, perClientBucket);
            }
        }
    }

    /** The credentials checked since {@link #attempt} were right: their count goes back. */
    void succeeded(String address, String clientId) {
        if (!enabled) {
            return;
        }
        refund(buckets.getIfPresent(address));
        if (tracked(clientId)) {
            refund(buckets.getIfPresent(address + " " + clientId));
        }
    }

    private static void refund(Bucket bucket) {
        if (bucket != null) {
            bucket.addTokens(1);
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

    private Problem refused(String address, Bucket bucket) {
        refusing.put(address, Boolean.TRUE);
        long waitNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new Problem(Problem.Kind.TOO_MANY_REQUESTS, "Too many failed credentials from this address; retry in "
                + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
    }
}
