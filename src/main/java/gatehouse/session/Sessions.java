package gatehouse.session;

import java.util.List;
import java.util.Optional;

import gatehouse.store.ResourceStore;
import gatehouse.user.CredentialsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;

/**
 * The Session store. Sessions are made by the token endpoint, never by clients;
 * {@code DELETE /Session} closes the caller's own.
 */
@ApplicationScoped
public class Sessions implements ResourceStore {

    /** lastUsed is written at most this often per Session, not on every request. */
    static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    CurrentCaller caller;

    @Inject
    ResolvedTokens resolved;

    @Override
    public String type() {
        return Session.TYPE;
    }

    @Transactional
    public void open(Session session) {
        em.persist(session);
    }

    public Optional<Session> find(String id) {
        return Optional.ofNullable(em.find(Session.class, id));
    }

    public Optional<Session> findByAccessHash(String accessHash) {
        return em.createQuery("SELECT s FROM Session s WHERE s.accessHash = :hash", Session.class)
                .setParameter("hash", accessHash)
                .getResultStream().findFirst();
    }

    public Optional<Session> findByRefreshHash(String refreshHash) {
        return em.createQuery("SELECT s FROM Session s WHERE s.refreshHash = :hash", Session.class)
                .setParameter("hash", refreshHash)
                .getResultStream().findFirst();
    }

    /**
     * Exchanges a refresh token (by hash) for new tokens, atomically: of two
     * concurrent exchanges of one token exactly one wins, and the other counts
     * as a replay, which closes the Session (RFC 9700 §4.14.2). {@code found} is
     * the Session the caller found by that hash, before this transaction: the
     * conditional update below decides, not what was read.
     */
    @Transactional
    public Rotation rotate(Optional<Session> found, String presentedHash, String clientId, String accessHash,
                           long accessExp, String refreshHash, long now) {
        if (found.isEmpty()) {
            UsedRefreshToken used = em.find(UsedRefreshToken.class, presentedHash);
            if (used == null) {
                return Rotation.INVALID;
            }
            closeNow(used.sessionId(), now);
            return Rotation.REUSED;
        }
        Session session = found.get();
        if (!session.clientId().equals(clientId) || !session.refreshable(now)) {
            return Rotation.INVALID;
        }
        int won = em.createQuery("""
                        UPDATE Session s SET s.accessHash = :accessHash, s.accessExp = :accessExp,
                            s.refreshHash = :refreshHash, s.expAt = :expAt,
                            s.versionId = s.versionId + 1, s.lastUpdated = :now
                        WHERE s.id = :id AND s.refreshHash = :presented AND s.closedAt IS NULL""")
                .setParameter("accessHash", accessHash)
                .setParameter("accessExp", accessExp)
                .setParameter("refreshHash", refreshHash)
                .setParameter("expAt", Session.expiry(accessExp, true, session.refreshExp()))
                .setParameter("now", now)
                .setParameter("id", session.id())
                .setParameter("presented", presentedHash)
                .executeUpdate();
        resolved.forgetSession(session.id());
        if (won == 0) {
            closeNow(session.id(), now);
            return Rotation.REUSED;
        }
        em.persist(new UsedRefreshToken(presentedHash, session.id()));
        return Rotation.ROTATED;
    }

    /** Closes a Session; true if it was open. */
    @Transactional
    public boolean closeNow(String id, long now) {
        resolved.forgetSession(id);
        return em.createQuery("""
                        UPDATE Session s SET s.closedAt = :now, s.versionId = s.versionId + 1, s.lastUpdated = :now
                        WHERE s.id = :id AND s.closedAt IS NULL""")
                .setParameter("now", now)
                .setParameter("id", id)
                .executeUpdate() > 0;
    }

    @Transactional
    void closeAllOf(@Observes CredentialsChanged change) {
        resolved.forgetUser(change.userId());
        long now = System.currentTimeMillis();
        em.createQuery("""
                        UPDATE Session s SET s.closedAt = :now, s.versionId = s.versionId + 1, s.lastUpdated = :now
                        WHERE s.userId = :user AND s.closedAt IS NULL""")
                .setParameter("now", now)
                .setParameter("user", change.userId())
                .executeUpdate();
    }

    /** Records use, coalesced: one write per Session per minute at most. */
    @Transactional
    public void used(Session session, long now) {
        if (session.lastUsed() == null || now - session.lastUsed() >= LAST_USED_RESOLUTION_MILLIS) {
            // Bookkeeping, not a new version of the Session: plain SQL, so JPA bumps no version.
            em.createNativeQuery("UPDATE sessions SET last_used = ?1 WHERE id = ?2")
                    .setParameter(1, now)
                    .setParameter(2, session.id())
                    .executeUpdate();
        }
    }

    /**
     * Deletes up to {@code batch} Sessions that ended (closed or expired) before
     * {@code cutoff}, with their used refresh tokens; returns how many.
     */
    @Transactional
    public int purgeEnded(long cutoff, int batch) {
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

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return find(id).map(Session::render);
    }

    @Override
    public List<JsonObject> list(String type) {
        return em.createQuery("SELECT s FROM Session s", Session.class).getResultStream().map(Session::render).toList();
    }

    @Override
    public JsonObject create(String type, String id, JsonObject attributes) {
        throw notAllowed();
    }

    @Override
    public Saved put(String type, String id, JsonObject attributes) {
        throw notAllowed();
    }

    @Override
    @Transactional
    public Optional<JsonObject> delete(String type, String id) {
        Session session = em.find(Session.class, id);
        if (session == null) {
            return Optional.empty();
        }
        resolved.forgetSession(id);
        em.createQuery("DELETE FROM UsedRefreshToken u WHERE u.sessionId = :id").setParameter("id", id).executeUpdate();
        em.remove(session);
        return Optional.of(session.render());
    }

    /** {@code DELETE /Session}: closes the Session of the caller's own access token. */
    @Override
    @Transactional
    public JsonObject deleteType(String type) {
        Session current = caller.get().session();
        if (current == null) {
            throw new NotAuthorizedException("DELETE /Session needs the Bearer token of the Session to close",
                    "Bearer realm=\"gatehouse\"");
        }
        closeNow(current.id(), System.currentTimeMillis());
        return em.find(Session.class, current.id()).render();
    }

    private static NotAllowedException notAllowed() {
        return new NotAllowedException("Sessions are created by POST /auth/token, not by clients", "GET", new String[] {"DELETE"});
    }
}
