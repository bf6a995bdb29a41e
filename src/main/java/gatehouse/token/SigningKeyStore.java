package gatehouse.token;

import java.time.Clock;
import java.util.List;

import gatehouse.store.ChangeCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * The signing keys' rows. Every change to the key set is made under the
 * SigningKey counter's row lock, whose bump tells every instance to reload:
 * instances starting together make one first key, and of several instances
 * running the scheduled rotation and retirement, one does the work.
 * {@link SigningKeys} decides when.
 */
@ApplicationScoped
class SigningKeyStore {

    static final String COUNTER = "SigningKey";

    @PersistenceContext
    EntityManager em;

    @Inject
    ChangeCounters counters;

    @Inject
    KeyEncryption encryption;

    @Inject
    Clock clock;

    /** The keys, newest first (in the order made, not by any instance's clock): the first signs, all are published. */
    List<SigningKey> all() {
        return em.createQuery("SELECT k FROM SigningKey k ORDER BY k.seq DESC, k.kid", SigningKey.class).getResultList();
    }

    /**
     * The keys, after making the first one (on an empty database), or a new one when
     * the newest signs with another algorithm than the configured one (a rotation:
     * the others stay published until their tokens expired), and sealing with the
     * current key-encryption key every private key stored in plaintext by an earlier
     * version or sealed with the previous key-encryption key. Under the row lock, so
     * instances starting together re-seal once; idempotent. Re-sealing alone does not
     * bump the counter: the key set is the same, and instances still running with only
     * the previous key-encryption key keep the keys they decrypted.
     */
    @Transactional
    List<SigningKey> prepared(SigningAlgorithm algorithm) {
        counters.lock(COUNTER);
        List<SigningKey> keys = all();
        boolean resealed = false;
        for (SigningKey key : keys) {
            if (!encryption.sealedWithCurrent(key.storedPrivateJwk())) {
                String plain = encryption.decrypt(key.storedPrivateJwk(), key.kid());
                em.createQuery("UPDATE SigningKey k SET k.privateJwk = :sealed WHERE k.kid = :kid")
                        .setParameter("sealed", encryption.encrypt(plain, key.kid()))
                        .setParameter("kid", key.kid())
                        .executeUpdate();
                resealed = true;
            }
        }
        boolean generated = keys.isEmpty() || !keys.get(0).algorithm().equals(algorithm.jwsName());
        if (generated) {
            generate(algorithm);
            counters.bump(COUNTER);
        }
        if (resealed || generated) {
            em.flush();
            em.clear();
            keys = all();
        }
        return keys;
    }

    /** Adds a new key, which becomes the one to sign with; returns its kid. */
    @Transactional
    String addKey(SigningAlgorithm algorithm) {
        counters.lock(COUNTER);
        SigningKey next = generate(algorithm);
        counters.bump(COUNTER);
        return next.kid();
    }

    /**
     * The scheduled work, done once whichever instances run it: a new key when the
     * newest is older than {@code rotateAfterMillis} (0: never), and every key but the
     * newest deleted once the tokens it signed have all expired. True if the key set changed.
     */
    @Transactional
    boolean rotateAndRetire(SigningAlgorithm algorithm, long rotateAfterMillis, long skewMillis) {
        counters.lock(COUNTER);
        long now = clock.millis();
        List<SigningKey> keys = all();
        if (keys.isEmpty()) {
            return false;
        }
        boolean changed = false;
        if (rotateAfterMillis > 0 && now - keys.get(0).createdAt() >= rotateAfterMillis) {
            generate(algorithm);
            changed = true;
            em.flush();
            keys = all();
        }
        for (SigningKey key : keys.subList(1, keys.size())) {
            if (key.maxExp() + skewMillis < now) {
                em.remove(key);
                changed = true;
            }
        }
        if (changed) {
            counters.bump(COUNTER);
        }
        return changed;
    }

    /**
     * Records that the key signs tokens expiring as late as {@code exp} (never lowers
     * the record); false if the key is gone, retired by another instance meanwhile.
     */
    @Transactional
    boolean cover(String kid, long exp) {
        em.createQuery("UPDATE SigningKey k SET k.maxExp = :exp WHERE k.kid = :kid AND (k.maxExp IS NULL OR k.maxExp < :exp)")
                .setParameter("exp", exp)
                .setParameter("kid", kid)
                .executeUpdate();
        return em.find(SigningKey.class, kid) != null;
    }

    /** Called under the row lock, so the next number is this key's alone. */
    private SigningKey generate(SigningAlgorithm algorithm) {
        Long highest = em.createQuery("SELECT MAX(k.seq) FROM SigningKey k", Long.class).getSingleResult();
        PublicJsonWebKey jwk = algorithm.generate();
        SigningKey key = new SigningKey(jwk.getKeyId(), algorithm.jwsName(),
                encryption.encrypt(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), jwk.getKeyId()),
                jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                clock.millis(), highest == null ? 1 : highest + 1);
        em.persist(key);
        return key;
    }
}
