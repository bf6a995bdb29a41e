package gatehouse.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import gatehouse.config.Jsonp;
import gatehouse.error.Problem;
import gatehouse.search.SearchTable;
import gatehouse.search.SearchValues;
import gatehouse.store.ChangeCounters;
import gatehouse.store.Fields;
import gatehouse.store.ResourceStore;
import gatehouse.store.Snapshot;
import gatehouse.store.Writes;
import gatehouse.user.PasswordHasher;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * The Client store: secrets hashed on write, never returned. Clients are read on
 * every token request, so they are held in memory: a change made here is seen by
 * the next request, a change made by another instance within 250 ms.
 */
@ApplicationScoped
public class Clients implements ResourceStore {

    static final int MAX_CACHED = 10_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Inject
    ChangeCounters counters;

    @Inject
    Event<ClientsChanged> changed;

    @Inject
    Event<ClientCredentialsChanged> credentialsChanged;

    @Inject
    java.time.Clock clock;

    /** Clients loaded since the Client counter last moved: a fresh map per counter value. */
    private Snapshot<Map<String, Client>> loaded;

    record ClientsChanged() {
    }

    @PostConstruct
    void watchChanges() {
        loaded = new Snapshot<>(counters, Client.TYPE, ConcurrentHashMap::new);
    }

    @Override
    public String type() {
        return Client.TYPE;
    }

    /** The client, from memory while no Client has changed since it was loaded. Read-only. */
    public Optional<Client> find(String id) {
        Map<String, Client> byId = loaded.get();
        Client client = byId.get(id);
        if (client != null) {
            return Optional.of(client);
        }
        client = em.find(Client.class, id);
        if (client != null && byId.size() < MAX_CACHED) { // unknown ids are never kept: callers choose them
            byId.put(id, client);
        }
        return Optional.ofNullable(client);
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return find(id).map(Client::render);
    }

    @Override
    public SearchTable searchTable(String type) {
        return SearchTable.of("clients", Client.TYPE, true, ids -> SearchTable.inOrder(ids,
                em.createQuery("SELECT c FROM Client c WHERE c.id IN :ids", Client.class).setParameter("ids", ids).getResultList(),
                Client::id, Client::render));
    }

    @Override
    @Transactional
    public JsonObject create(String type, String id, JsonObject attributes) {
        if (em.find(Client.class, id) != null) {
            throw Problem.conflict("Client/" + id + " already exists");
        }
        Client client = new Client(id);
        save(client, attributes);
        em.persist(client);
        Writes.flush(em, Client.TYPE, id);
        SearchValues.replace(em, Client.TYPE, id, client.render());
        changedNow();
        return client.render();
    }

    @Override
    @Transactional
    public Saved put(String type, String id, JsonObject attributes) {
        Client client = em.find(Client.class, id);
        boolean created = client == null;
        if (created) {
            client = new Client(id);
        }
        save(client, attributes);
        if (created) {
            em.persist(client);
        }
        Writes.flush(em, Client.TYPE, id);
        SearchValues.replace(em, Client.TYPE, id, client.render());
        changedNow();
        return new Saved(client.render(), created);
    }

    /**
     * A body without {@code secret} keeps the stored one: secrets cannot be read
     * back to resend. A new secret ends every Session issued through the client.
     */
    private void save(Client client, JsonObject attributes) {
        Optional<String> secret = Fields.string(attributes, "secret");
        if (secret.isPresent() && secret.get().isEmpty()) {
            throw Fields.wrongType("secret", "a non-empty string");
        }
        client.update(Jsonp.PROVIDER.createObjectBuilder(attributes).remove("secret").build(), clock.millis());
        String previous = client.secretHash();
        if (secret.isPresent() && (previous == null || !hasher.verify(secret.get(), previous))) {
            if (previous != null) {
                credentialsChanged.fire(new ClientCredentialsChanged(client.id()));
            }
            client.secretHash(hasher.hash(secret.get()));
        }
    }

    @Override
    @Transactional
    public Optional<JsonObject> delete(String type, String id) {
        Client client = em.find(Client.class, id);
        if (client == null) {
            return Optional.empty();
        }
        em.remove(client);
        SearchValues.delete(em, Client.TYPE, id);
        credentialsChanged.fire(new ClientCredentialsChanged(id));
        changedNow();
        return Optional.of(client.render());
    }

    private void changedNow() {
        counters.bump(Client.TYPE);
        changed.fire(new ClientsChanged());
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClientsChanged event) {
        loaded.markStale();
    }
}
