package gatehouse.policy;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import gatehouse.store.ChangeCounters;
import gatehouse.store.GenericResources;
import gatehouse.store.ResourceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

/**
 * AccessPolicy resources: stored as JSON documents, validated and compiled on
 * write, and served to the evaluator from memory. A change made here is seen by
 * the next request; a change made by another instance within 250 ms, through
 * the database's change counter.
 */
@ApplicationScoped
@Transactional
public class AccessPolicies implements ResourceStore {

    private static final Logger LOG = Logger.getLogger(AccessPolicies.class.getName());
    /** How stale a view of another instance's changes may get: well inside the 1 s promise. */
    static final long RECHECK_NANOS = 250_000_000L;

    @Inject
    GenericResources documents;

    @Inject
    ChangeCounters counters;

    @Inject
    Event<PoliciesChanged> changed;

    private record Snapshot(long version, List<AccessPolicy> policies, long checkedAt) {
    }

    record PoliciesChanged() {
    }

    private volatile Snapshot snapshot;
    private volatile boolean stale = true;

    @Override
    public String type() {
        return AccessPolicy.TYPE;
    }

    /** The compiled policies, as of at most 250 ms ago for changes made elsewhere. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AccessPolicy> current() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current == null || stale || now - current.checkedAt() > RECHECK_NANOS) {
            current = refresh(current, now);
        }
        return current.policies();
    }

    private synchronized Snapshot refresh(Snapshot seen, long now) {
        if (snapshot != seen) {
            return snapshot; // another thread refreshed meanwhile
        }
        stale = false;
        long version = counters.read(AccessPolicy.TYPE);
        Snapshot fresh = seen != null && seen.version() == version
                ? new Snapshot(version, seen.policies(), now)
                : new Snapshot(version, load(), now);
        if (seen == null || seen.version() != version) {
            LOG.fine(() -> "Loaded " + fresh.policies().size() + " access policies (version " + version + ")");
        }
        snapshot = fresh;
        return fresh;
    }

    private List<AccessPolicy> load() {
        return documents.list(AccessPolicy.TYPE).stream()
                .map(resource -> AccessPolicy.of(resource.getString("id"), resource))
                .toList();
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) PoliciesChanged event) {
        stale = true;
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return documents.read(type, id);
    }

    @Override
    public List<JsonObject> list(String type) {
        return documents.list(type);
    }

    @Override
    public JsonObject create(String type, String id, JsonObject attributes) {
        AccessPolicy.of(id, attributes);
        JsonObject created = documents.create(type, id, attributes);
        changedNow();
        return created;
    }

    @Override
    public Saved put(String type, String id, JsonObject attributes) {
        AccessPolicy.of(id, attributes);
        Saved saved = documents.put(type, id, attributes);
        changedNow();
        return saved;
    }

    @Override
    public Optional<JsonObject> delete(String type, String id) {
        Optional<JsonObject> deleted = documents.delete(type, id);
        deleted.ifPresent(policy -> changedNow());
        return deleted;
    }

    private void changedNow() {
        counters.bump(AccessPolicy.TYPE);
        changed.fire(new PoliciesChanged());
    }
}
