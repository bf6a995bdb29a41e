package gatehouse.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's meters, in a Micrometer registry inside the WAR: the same on Payara
 * and WildFly, whatever the server's own metrics. Meters are looked up once per tag
 * combination and kept, so recording on a hot path is a map read and an atomic add.
 * {@code gatehouse.metrics=off} turns recording into nothing (for measuring its cost).
 */
@ApplicationScoped
public class Meters {

    private static final String REFRESH_REUSE = "gatehouse.refresh.reuse";
    private static final String REFRESH_REUSE_HELP = "Used refresh tokens presented again (the Session is closed)";
    private static final String POLICY_DENIALS = "gatehouse.policy.denials";
    private static final String POLICY_DENIALS_HELP = "Requests refused by the access policies (403)";
    private static final String AUDIT_DROPPED = "gatehouse.audit.dropped";
    private static final String AUDIT_DROPPED_HELP = "Audit events dropped because the queue was full (the database fell behind)";

    @Inject
    @ConfigProperty(name = "gatehouse.metrics")
    boolean enabled;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Timer[] bearerTimers = new Timer[4];

    @PostConstruct
    void register() {
        // The counters alerts watch exist from the start, at 0, so that increase() sees their first event.
        counter(REFRESH_REUSE, REFRESH_REUSE_HELP);
        counter(AUDIT_DROPPED, AUDIT_DROPPED_HELP);
        bearerTimers();
    }

    private void bearerTimers() {
        for (int index = 0; index < bearerTimers.length; index++) {
            bearerTimers[index] = Timer.builder("gatehouse.bearer.resolutions")
                    .description("Bearer tokens resolved, by outcome and token-cache hit")
                    .tag("outcome", index >= 2 ? "valid" : "invalid").tag("cache", index % 2 == 1 ? "hit" : "miss")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(5))
                    .register(registry);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** A token request's outcome ({@code success} or the RFC 6749 error code, {@code throttled}, {@code busy}) and time. */
    public void tokenRequest(String grantType, String outcome, long nanos) {
        if (!enabled) {
            return;
        }
        // Map.of refuses null keys: a request without grant_type is "none"
        String grant = grantType == null ? "none" : GRANTS.getOrDefault(grantType, "other");
        timers.computeIfAbsent("token " + grant + " " + outcome, key -> Timer.builder("gatehouse.token.requests")
                .description("POST /auth/token by grant type and outcome")
                .tag("grant_type", grant).tag("outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(Duration.ofNanos(nanos));
    }

    /** A Bearer token resolved (valid or not), from the cache or not, and how long it took. */
    public void bearer(boolean valid, boolean cached, long nanos) {
        if (enabled) {
            // Every authenticated request comes here: one of four timers by index, no key built per request.
            bearerTimers[(valid ? 2 : 0) + (cached ? 1 : 0)].record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public void refreshReuse() {
        count(REFRESH_REUSE, REFRESH_REUSE_HELP);
    }

    public void sessionOpened(String type) {
        count("gatehouse.sessions.opened", "Sessions opened, by type", "type", type);
    }

    public void sessionsClosed(String reason, long count) {
        if (enabled && count > 0) {
            counter("gatehouse.sessions.closed", "Sessions closed, by reason", "reason", reason).increment(count);
        }
    }

    /** A step of a sign-in other than the password check (which counts as grant {@code sign-in}): consent given or refused, a logout. */
    public void signInEvent(String event) {
        count("gatehouse.signin.events", "Consents given and refused, and logouts, on the sign-in pages", "event", event);
    }

    public void policyDenied() {
        count(POLICY_DENIALS, POLICY_DENIALS_HELP);
    }

    public void auditDropped() {
        count(AUDIT_DROPPED, AUDIT_DROPPED_HELP);
    }

    /** The slow-hash gate, read when scraped: hashes running, requests waiting, and 503s since start. */
    public void hashGate(Supplier<Number> inFlight, Supplier<Number> queued, Supplier<Number> rejected) {
        gauge("gatehouse.hash.in.flight", "Slow hashes (passwords, client secrets) being computed", inFlight);
        gauge("gatehouse.hash.queued", "Requests waiting for a slow hash", queued);
        gauge("gatehouse.hash.rejected", "Requests refused (503) because their wait for a slow hash would not fit the budget,"
                + " since start", rejected);
    }

    public void openSessions(Supplier<Number> count) {
        gauge("gatehouse.sessions.open", "Open Sessions in the database (read at most every 30 s)", count);
    }

    public void signingKeyAge(Supplier<Number> seconds) {
        gauge("gatehouse.signing.key.age.seconds", "Age of the key tokens are signed with", seconds);
    }

    /** When the signing keys were last checked for rotation and retirement: a scheduler that stopped shows here. */
    public void signingKeyChecked(Supplier<Number> epochSeconds) {
        gauge("gatehouse.signing.key.checked.seconds", "When the signing keys were last checked for rotation and retirement,"
                + " by the server's clock (Unix time; 0 before the first check)", epochSeconds);
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    private void count(String name, String description, String... tags) {
        if (enabled) {
            counter(name, description, tags).increment();
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + " " + String.join(" ", tags),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /** Grant types are a closed set: anything else a client sends is one label, not a new time series. */
    private static final Map<String, String> GRANTS = Map.of("password", "password", "refresh_token", "refresh_token",
            "client_credentials", "client_credentials", "authorization_code", "authorization_code", "sign-in", "sign-in");
}
