package gatehouse.token;

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

/** The signing keys in the database: the live ones, newest first, and making the first. */
@ApplicationScoped
@Transactional
class SigningKeys {

    static final int RSA_BITS = 2048;

    @PersistenceContext
    EntityManager em;

    @Inject
    ChangeCounters counters;

    static final String COUNTER = "SigningKey";

    /**
     * The live keys; on an empty database, generates the first one while holding
     * a row lock, so instances starting together end up with one key.
     */
    List<SigningKey> liveOrFirst() {
        counters.lock(COUNTER);
        List<SigningKey> live = live();
        if (!live.isEmpty()) {
            return live;
        }
        SigningKey first = generate();
        counters.bump(COUNTER);
        return List.of(first);
    }

    /**
     * Adds a new signing key, which every instance signs with once it notices the
     * counter move; earlier keys stay published so their tokens keep verifying.
     */
    SigningKey rotate() {
        counters.lock(COUNTER);
        SigningKey next = generate();
        counters.bump(COUNTER);
        return next;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    List<SigningKey> live() {
        return em.createQuery("SELECT k FROM SigningKey k WHERE k.retiredAt IS NULL ORDER BY k.createdAt DESC, k.kid",
                SigningKey.class).getResultList();
    }

    /** Generates and stores a new RS256 key pair. */
    SigningKey generate() {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(RSA_BITS);
            jwk.setKeyId(UUID.randomUUID().toString());
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            SigningKey key = new SigningKey(jwk.getKeyId(), AlgorithmIdentifiers.RSA_USING_SHA256,
                    jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                    jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                    System.currentTimeMillis());
            em.persist(key);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }
}
