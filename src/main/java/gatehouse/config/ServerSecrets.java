package gatehouse.config;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The secrets every instance of a deployment shares (table server_secrets, each made once by
 * a migration): read from the database on first use, then kept. A next link or a form made
 * by one instance verifies on another.
 */
@ApplicationScoped
public class ServerSecrets {

    @PersistenceContext
    EntityManager em;

    private final Map<String, byte[]> known = new ConcurrentHashMap<>();

    /** The secret of this name (a constant of its user, never input). */
    public byte[] named(String name) {
        return known.computeIfAbsent(name, key -> Base64.getDecoder().decode((String) em
                .createNativeQuery("SELECT secret FROM server_secrets WHERE name = ?1")
                .setParameter(1, key)
                .getSingleResult()));
    }
}
