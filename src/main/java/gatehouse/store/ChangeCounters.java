package gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Per-kind change counters in the database: a writer bumps one in its own
 * transaction; an instance holding that kind in memory reads it (one primary-key
 * lookup) to learn whether another instance changed anything.
 */
@ApplicationScoped
public class ChangeCounters {

    @PersistenceContext
    EntityManager em;

    public long read(String name) {
        Number value = (Number) em.createNativeQuery("SELECT counter FROM change_counters WHERE name = ?1")
                .setParameter(1, name)
                .getSingleResult();
        return value.longValue();
    }

    /** Holds the counter's row lock until the caller's transaction ends: serialises writers of that kind. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String name) {
        em.createNativeQuery("SELECT counter FROM change_counters WHERE name = ?1 FOR UPDATE")
                .setParameter(1, name)
                .getSingleResult();
    }

    @Transactional
    public void bump(String name) {
        em.createNativeQuery("UPDATE change_counters SET counter = counter + 1 WHERE name = ?1")
                .setParameter(1, name)
                .executeUpdate();
    }
}
