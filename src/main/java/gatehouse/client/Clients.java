package gatehouse.client;

import java.util.List;
import java.util.Optional;

import gatehouse.error.Problems;
import gatehouse.store.Fields;
import gatehouse.store.Jsonp;
import gatehouse.store.ResourceStore;
import gatehouse.store.Writes;
import gatehouse.user.PasswordHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** The Client store: secrets hashed on write, never returned. */
@ApplicationScoped
@Transactional
public class Clients implements ResourceStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Override
    public String type() {
        return Client.TYPE;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Client> find(String id) {
        return Optional.ofNullable(em.find(Client.class, id));
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<JsonObject> read(String type, String id) {
        return find(id).map(Client::render);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JsonObject> list(String type) {
        return em.createQuery("SELECT c FROM Client c", Client.class).getResultStream().map(Client::render).toList();
    }

    @Override
    public JsonObject create(String type, String id, JsonObject attributes) {
        if (em.find(Client.class, id) != null) {
            throw Problems.conflict("Client/" + id + " already exists");
        }
        Client client = new Client(id);
        save(client, attributes);
        em.persist(client);
        Writes.flush(em, Client.TYPE, id);
        return client.render();
    }

    @Override
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
        return new Saved(client.render(), created);
    }

    /** A body without {@code secret} keeps the stored one: secrets cannot be read back to resend. */
    private void save(Client client, JsonObject attributes) {
        Optional<String> secret = Fields.string(attributes, "secret");
        if (secret.isPresent() && secret.get().isEmpty()) {
            throw Fields.wrongType("secret", "a non-empty string");
        }
        client.update(Jsonp.PROVIDER.createObjectBuilder(attributes).remove("secret").build());
        secret.ifPresent(value -> client.secretHash(hasher.hash(value)));
    }

    @Override
    public Optional<JsonObject> delete(String type, String id) {
        Client client = em.find(Client.class, id);
        if (client == null) {
            return Optional.empty();
        }
        em.remove(client);
        return Optional.of(client.render());
    }
}
