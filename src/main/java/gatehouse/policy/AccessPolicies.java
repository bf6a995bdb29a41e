package gatehouse.policy;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import gatehouse.client.Clients;
import gatehouse.error.Problem;
import gatehouse.search.SearchTable;
import gatehouse.store.ChangeCounters;
import gatehouse.store.GenericResources;
import gatehouse.store.ResourceStore;
import gatehouse.store.Snapshot;
import gatehouse.user.Users;
import jakarta.annotation.PostConstruct;
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
public class AccessPolicies implements ResourceStore {

    private static final Logger LOG = Logger.getLogger(AccessPolicies.class.getName());

    @Inject
    GenericResources documents;

    @Inject
    ChangeCounters counters;

    @Inject
    Users users;

    @Inject
    Clients clients;

    @Inject
    Event<PoliciesChanged> changed;

    record PoliciesChanged() {
    }

    private Snapshot<List<AccessPolicy>> compiled;

    @PostConstruct
    void watchChanges() {
        compiled = new Snapshot<>(counters, AccessPolicy.TYPE, this::load);
    }

    @Override
    public String type() {
        return AccessPolicy.TYPE;
    }

    /** The compiled policies, as of at most 250 ms ago for changes made elsewhere. */
    public List<AccessPolicy> current() {
        return compiled.get();
    }

    private List<AccessPolicy> load() {
        List<AccessPolicy> policies = documents.list(AccessPolicy.TYPE).stream()
                .map(resource -> AccessPolicy.of(resource.getString("id"), resource))
                .toList();
        LOG.fine(() -> "Loaded " + policies.size() + " access policies");
        return policies;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) PoliciesChanged event) {
        compiled.markStale();
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return documents.read(type, id);
    }

    @Override
    public SearchTable searchTable(String type) {
        return documents.searchTable(type);
    }

    /** A policy whose links all name nobody would apply to nobody: refused, like an empty list. */
    private void requireSomeLinkResolves(AccessPolicy policy) {
        if (policy.linked() && policy.users().stream().noneMatch(id -> users.find(id).isPresent())
                && policy.clients().stream().noneMatch(id -> clients.find(id).isPresent())) {
            throw Problem.unprocessable("link: none of the linked Users and Clients exists");
        }
    }

    @Override
    @Transactional
    public JsonObject create(String type, String id, JsonObject attributes) {
        requireSomeLinkResolves(AccessPolicy.of(id, attributes));
        JsonObject created = documents.create(type, id, attributes);
        changedNow();
        return created;
    }

    @Override
    @Transactional
    public Saved put(String type, String id, JsonObject attributes) {
        requireSomeLinkResolves(AccessPolicy.of(id, attributes));
        Saved saved = documents.put(type, id, attributes);
        changedNow();
        return saved;
    }

    @Override
    @Transactional
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
