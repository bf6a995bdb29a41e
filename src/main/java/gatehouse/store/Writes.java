package gatehouse.store;

import gatehouse.error.Problem;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/** Turns a write that loses a race for an id or a unique value into a 409. */
public final class Writes {

    private Writes() {
    }

    public static void flush(EntityManager em, String type, String id) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw Problem.conflict("Conflicting concurrent write to " + type + "/" + id);
        }
    }
}
