package gatehouse.token;

import java.time.Clock;
import java.util.Optional;

import gatehouse.session.TokenHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Authorization codes in the database, so that a code issued by one instance is redeemed at
 * another. A code is 256 random bits, valid {@link #LIFETIME_MILLIS}, and redeemed by one
 * conditional update: of two concurrent uses exactly one wins.
 */
@ApplicationScoped
public class AuthorizationCodes {

    /** RFC 6749 §4.1.2 recommends at most ten minutes; a browser redirect takes a second. */
    static final long LIFETIME_MILLIS = 60_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** A new code for this grant; only its hash is stored. */
    @Transactional
    public String issue(AuthorizationCode.Grant grant) {
        String code = TokenService.randomToken();
        em.persist(new AuthorizationCode(TokenHash.of(code), grant, clock.millis() + LIFETIME_MILLIS));
        return code;
    }

    Optional<AuthorizationCode> find(String code) {
        return Optional.ofNullable(em.find(AuthorizationCode.class, TokenHash.of(code)));
    }

    /**
     * Marks the code used and names the Session its use will open; false when it was used
     * before (then it is marked replayed, so that a first use still opening its Session closes it).
     */
    @Transactional
    boolean redeem(String code, String sessionId, long now) {
        int won = em.createQuery("UPDATE AuthorizationCode c SET c.redeemedAt = :now, c.sessionId = :session"
                        + " WHERE c.codeHash = :hash AND c.redeemedAt IS NULL")
                .setParameter("now", now)
                .setParameter("session", sessionId)
                .setParameter("hash", TokenHash.of(code))
                .executeUpdate();
        if (won == 0) {
            em.createQuery("UPDATE AuthorizationCode c SET c.replayedAt = :now WHERE c.codeHash = :hash")
                    .setParameter("now", now)
                    .setParameter("hash", TokenHash.of(code))
                    .executeUpdate();
        }
        return won > 0;
    }

    /** Whether a second use of the code was seen (read afresh, not from the persistence context). */
    boolean replayed(String code) {
        return !em.createQuery("SELECT c.codeHash FROM AuthorizationCode c WHERE c.codeHash = :hash AND c.replayedAt IS NOT NULL",
                        String.class)
                .setParameter("hash", TokenHash.of(code))
                .getResultList().isEmpty();
    }

    /** Forgets codes expired for a day: a replay after that finds the Session closed or expired anyway. */
    @Transactional
    public int purge(long now) {
        return em.createQuery("DELETE FROM AuthorizationCode c WHERE c.expiresAt < :before")
                .setParameter("before", now - 86_400_000L)
                .executeUpdate();
    }
}
