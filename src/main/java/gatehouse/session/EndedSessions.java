package gatehouse.session;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Sessions that ended, deleted for {@link SessionPurge} a batch per transaction. */
@ApplicationScoped
public class EndedSessions {

    @PersistenceContext
    EntityManager em;

    /**
     * Deletes up to {@code batch} Sessions that ended (closed or expired) before
     * {@code cutoff}, with their used refresh tokens; returns how many.
     */
    @Transactional
    public int delete(long cutoff, int batch) {
        List<String> ids = em.createQuery("""
                        SELECT s.id FROM Session s
                        WHERE s.closedAt < :cutoff OR s.expAt < :cutoff""", String.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(batch)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createQuery("DELETE FROM UsedRefreshToken u WHERE u.sessionId IN :ids").setParameter("ids", ids).executeUpdate();
        return em.createQuery("DELETE FROM Session s WHERE s.id IN :ids").setParameter("ids", ids).executeUpdate();
    }
}
