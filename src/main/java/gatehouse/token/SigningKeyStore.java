package gatehouse.token;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import gatehouse.store.ChangeCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

/**
 * The signing keys' rows: generated and stored under the SigningKey counter's
 * row lock, whose bump tells every instance that the key set changed.
 * {@link SigningKeys} decides when.
 */
@ApplicationScoped
class SigningKeyStore {

    static final int RSA_BITS = 2048;
    static final String COUNTER = "SigningKey";

    @PersistenceContext
    EntityManager em;

    @Inject
    ChangeCounters counters;

    @Inject
    Clock clock;

    /** The keys not retired, newest first. */
    List<SigningKey> live() {
        return em.createQuery("SELECT k FROM SigningKey k WHERE k.retiredAt IS NULL ORDER BY k.createdAt DESC, k.kid",
                SigningKey.class).getResultList();
    }

    /** Generates the first key under the row lock, unless an instance starting with this one did. */
    @Transactional
    List<SigningKey> firstKey() {
        counters.lock(COUNTER);
        List<SigningKey> live = live();
        if (!live.isEmpty()) {
            return live;
        }
        SigningKey first = generate();
        counters.bump(COUNTER);
        return List.of(first);
    }

    /** Adds a new key, which becomes the one to sign with; returns its kid. */
    @Transactional
    String addKey() {
        counters.lock(COUNTER);
        SigningKey next = generate();
        counters.bump(COUNTER);
        return next.kid();
    }

    private SigningKey generate() {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(RSA_BITS);
            jwk.setKeyId(UUID.randomUUID().toString());
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            SigningKey key = new SigningKey(jwk.getKeyId(), AlgorithmIdentifiers.RSA_USING_SHA256,
                    jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                    jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                    clock.millis());
            em.persist(key);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }
}
