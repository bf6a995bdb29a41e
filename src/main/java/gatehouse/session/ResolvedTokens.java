package gatehouse.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Access tokens this instance resolved recently, by hash, so that a client
 * calling many times a second costs one hash and one map lookup instead of two
 * queries. An entry is trusted for {@code gatehouse.token.cache.millis} (default
 * 500 ms: a Session closed on another instance stops working here within that).
 * When this instance closes a Session or changes a user, their entries go at
 * once (all of them, when a search closed Sessions), before the change commits and again after; and a resolution that read
 * the Session before the change cannot put the old state back, whenever it
 * finishes: the change's time is kept, and older reads are not cached.
 */
@ApplicationScoped
class ResolvedTokens {

    /** Bounds the heap this takes (an entry holds a Session and a User, about 2 KB): about 20 MB. */
    static final int MAX_ENTRIES = 10_000;

    /** Longer than any resolution takes from its read to its put. */
    static final Duration CHANGE_MEMORY = Duration.ofSeconds(30);

    @Inject
    @ConfigProperty(name = "gatehouse.token.cache.millis")
    long ttlMillis;

    @Inject
    Clock clock;

    private record Entry(SessionPrincipal caller, long readAt) {
    }

    private Cache<String, Entry> byHash;
    private Cache<String, String> hashBySession;
    /** When Sessions ("s:" id), clients ("c:" id) and users ("u:" id) were last changed here. */
    private Cache<String, Long> changedAt;

    @PostConstruct
    void build() {
        // Caffeine evicts entry by entry at the bound, never everything at once; work runs on the calling thread.
        Duration ttl = Duration.ofMillis(Math.max(ttlMillis, 1));
        byHash = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).executor(Runnable::run).build();
        hashBySession = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).executor(Runnable::run).build();
        changedAt = Caffeine.newBuilder().maximumSize(10 * MAX_ENTRIES).expireAfterWrite(CHANGE_MEMORY)
                .executor(Runnable::run).build();
    }

    Optional<SessionPrincipal> get(String hash, long now) {
        Entry entry = byHash.getIfPresent(hash);
        if (entry == null || now - entry.readAt() >= ttlMillis || !entry.caller().session().accessValid(now)) {
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    /** @param readAt when the Session and user were read, before the query */
    void put(String hash, SessionPrincipal caller, long readAt) {
        if (ttlMillis <= 0) {
            return;
        }
        byHash.put(hash, new Entry(caller, readAt));
        hashBySession.put(caller.session().id(), hash);
        // Checked after the put: a change either removes the entry or is seen here.
        if (changedSince(caller, readAt)) {
            byHash.invalidate(hash);
        }
    }

    private boolean changedSince(SessionPrincipal caller, long readAt) {
        return changedSince("*", readAt) || changedSince("s:" + caller.session().id(), readAt)
                || changedSince("c:" + caller.clientId(), readAt)
                || (caller.user() != null && changedSince("u:" + caller.user().id(), readAt));
    }

    private boolean changedSince(String key, long readAt) {
        Long changed = changedAt.getIfPresent(key);
        return changed != null && changed >= readAt;
    }

    void forgetSession(String sessionId) {
        changedAt.put("s:" + sessionId, clock.millis());
        String hash = hashBySession.getIfPresent(sessionId);
        if (hash != null) {
            byHash.invalidate(hash);
        }
    }

    /** Everything: after many Sessions changed at once. */
    void forgetAll() {
        changedAt.put("*", clock.millis());
        byHash.invalidateAll();
    }

    void forgetClient(String clientId) {
        changedAt.put("c:" + clientId, clock.millis());
        byHash.asMap().values().removeIf(entry -> clientId.equals(entry.caller().clientId()));
    }

    void forgetUser(String userId) {
        changedAt.put("u:" + userId, clock.millis());
        byHash.asMap().values().removeIf(entry -> entry.caller().user() != null && entry.caller().user().id().equals(userId));
    }
}
