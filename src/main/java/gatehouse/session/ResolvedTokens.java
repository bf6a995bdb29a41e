package gatehouse.session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Access tokens this instance resolved recently, by hash, so that a client
 * calling many times a second costs one hash and one map lookup instead of a
 * signature check and two queries. An entry is trusted for
 * {@code gatehouse.token.cache.millis} (default 500 ms: a Session closed on
 * another instance stops working there within that), and forgotten at once
 * when this instance changes its Session or user.
 */
@ApplicationScoped
class ResolvedTokens {

    /** Bounds the heap this takes (an entry holds a Session and a User, about 2 KB): about 20 MB. */
    static final int MAX_ENTRIES = 10_000;

    @Inject
    @ConfigProperty(name = "gatehouse.token.cache.millis", defaultValue = "500")
    long ttlMillis;

    private record Entry(Caller caller, long loadedAt) {
    }

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashBySession = new ConcurrentHashMap<>();

    Optional<Caller> get(String hash, long now) {
        Entry entry = byHash.get(hash);
        if (entry == null || now - entry.loadedAt() >= ttlMillis || !entry.caller().session().accessValid(now)) {
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    void put(String hash, Caller caller, long now) {
        if (ttlMillis <= 0) {
            return;
        }
        if (byHash.size() >= MAX_ENTRIES) {
            forgetExpired(now);
            if (byHash.size() >= MAX_ENTRIES) {
                byHash.clear(); // more live tokens than the bound: start over, entries live half a second anyway
                hashBySession.clear();
            }
        }
        byHash.put(hash, new Entry(caller, now));
        hashBySession.put(caller.session().id(), hash);
    }

    private void forgetExpired(long now) {
        byHash.entrySet().removeIf(cached -> {
            boolean expired = now - cached.getValue().loadedAt() >= ttlMillis;
            if (expired) {
                hashBySession.remove(cached.getValue().caller().session().id(), cached.getKey());
            }
            return expired;
        });
    }

    void forgetSession(String sessionId) {
        String hash = hashBySession.remove(sessionId);
        if (hash != null) {
            byHash.remove(hash);
        }
    }

    void forgetUser(String userId) {
        byHash.values().removeIf(entry -> {
            boolean ofUser = entry.caller().user().id().equals(userId);
            if (ofUser) {
                hashBySession.remove(entry.caller().session().id());
            }
            return ofUser;
        });
    }
}
