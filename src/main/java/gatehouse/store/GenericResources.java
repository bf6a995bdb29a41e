package gatehouse.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import gatehouse.search.SearchTable;
import gatehouse.search.SearchValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Every resource type without an entity of its own: one table of JSON documents. */
@ApplicationScoped
public class GenericResources implements ResourceStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Override
    public String type() {
        return "*";
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return Optional.ofNullable(em.find(GenericResource.class, new GenericResource.Key(type, id)))
                .map(GenericResource::render);
    }

    @Override
    public SearchTable searchTable(String type) {
        return SearchTable.documents(type, ids -> SearchTable.inOrder(ids, em.createQuery(
                        "SELECT r FROM GenericResource r WHERE r.type = :type AND r.id IN :ids", GenericResource.class)
                .setParameter("type", type)
                .setParameter("ids", ids)
                .getResultList(), GenericResource::id, GenericResource::render));
    }

    /** Every resource of the type; for types that are few (AccessPolicy), never for a search. */
    public List<JsonObject> list(String type) {
        return em.createQuery("SELECT r FROM GenericResource r WHERE r.type = :type", GenericResource.class)
                .setParameter("type", type)
                .getResultStream()
                .map(GenericResource::render)
                .toList();
    }

    @Override
    @Transactional
    public JsonObject create(String type, String id, JsonObject attributes) {
        if (em.find(GenericResource.class, new GenericResource.Key(type, id)) != null) {
            throw gatehouse.error.Problem.conflict(type + "/" + id + " already exists");
        }
        GenericResource resource = new GenericResource(type, id);
        resource.attributes(attributes, clock.millis());
        em.persist(resource);
        Writes.flush(em, type, id);
        SearchValues.replace(em, type, id, attributes);
        return resource.render();
    }

    @Override
    @Transactional
    public Saved put(String type, String id, JsonObject attributes) {
        GenericResource resource = em.find(GenericResource.class, new GenericResource.Key(type, id));
        boolean created = resource == null;
        if (created) {
            resource = new GenericResource(type, id);
            em.persist(resource);
        }
        resource.attributes(attributes, clock.millis());
        Writes.flush(em, type, id);
        SearchValues.replace(em, type, id, attributes);
        return new Saved(resource.render(), created);
    }

    @Override
    @Transactional
    public Optional<JsonObject> delete(String type, String id) {
        GenericResource resource = em.find(GenericResource.class, new GenericResource.Key(type, id));
        if (resource == null) {
            return Optional.empty();
        }
        em.remove(resource);
        SearchValues.delete(em, type, id);
        return Optional.of(resource.render());
    }
}
