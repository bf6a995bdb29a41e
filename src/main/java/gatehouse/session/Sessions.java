package gatehouse.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import gatehouse.search.SearchQuery;
import gatehouse.search.SearchSql;
import gatehouse.search.SearchTable.Kind;
import gatehouse.search.SearchTable;
import gatehouse.search.Sql;
import gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import gatehouse.telemetry.Audit;
import gatehouse.telemetry.Meters;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * The Sessions in the database: their queries and updates. Sessions are made by the
 * token endpoint, never by clients. Every close and every change of a Session's
 * tokens goes through here, so the token cache forgets it before the change commits
 * (and {@link SessionInvalidation} again after), and each close is counted and audited.
 */
@ApplicationScoped
public class Sessions {

    /** lastUsed is written at most this often per Session, not on every request. */
    static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    ResolvedTokens resolved;

    @Inject
    Event<SessionClosed> closed;

    @Inject
    Event<SessionsClosed> closedMany;

    @Inject
    Meters meters;

    @Inject
    Audit audit;

    /** Why Sessions close: the label of {@code gatehouse_sessions_closed_total} and the audit event's reason. */
    public static final String LOGOUT = "logout";
    public static final String REVOKED = "revoked";
    public static final String DELETED = "deleted";
    public static final String REFRESH_REUSE = "refresh-reuse";
    public static final String USER_CHANGED = "user-changed";
    public static final String CLIENT_CHANGED = "client-changed";
    public static final String CLOSED_BY_SEARCH = "closed-by-search";
    public static final String CODE_REPLAYED = "code-replayed";

    /** The type of a browser session (sign-in): carried by a cookie, never a Bearer token. */
    public static final String BROWSER = "browser";

    @Transactional
    public void open(Session session) {
        em.persist(session);
        meters.sessionOpened(session.type());
    }

    public Optional<Session> find(String id) {
        return Optional.ofNullable(em.find(Session.class, id));
    }

    /** The Session of an access token; never a browser session, whose cookie is no token (sign-in). */
    public Optional<Session> findByAccessHash(String accessHash) {
        return em.createQuery("SELECT s FROM Session s WHERE s.accessHash = :hash AND s.type <> :browser", Session.class)
                .setParameter("hash", accessHash)
                .setParameter("browser", BROWSER)
                .getResultStream().findFirst();
    }

    /** The browser session whose cookie has this hash, open or not. */
    public Optional<Session> findBrowser(String cookieHash) {
        return em.createQuery("SELECT s FROM Session s WHERE s.accessHash = :hash AND s.type = :browser", Session.class)
                .setParameter("hash", cookieHash)
                .setParameter("browser", BROWSER)
                .getResultStream().findFirst();
    }

    /**
     * Signs a browser out: closes the browser session and the Sessions issued from it to
     * the clients in {@code clientIds} (the first-party ones, which sign out with it);
     * returns the ids of the Sessions closed besides the browser session.
     */
    @Transactional
    public List<String> closeBrowser(String browserId, Predicate<String> signsOutWith, long now) {
        List<Session> issued = em.createQuery("SELECT s FROM Session s WHERE s.ssoId = :sso AND s.closedAt IS NULL",
                        Session.class)
                .setParameter("sso", browserId)
                .getResultList();
        List<String> closedIds = new ArrayList<>();
        for (Session session : issued) {
            if (session.clientId() != null && signsOutWith.test(session.clientId()) && closeNow(session.id(), now, LOGOUT)) {
                closedIds.add(session.id());
            }
        }
        closeNow(browserId, now, LOGOUT);
        return closedIds;
    }

    public Optional<Session> findByRefreshHash(String refreshHash) {
        return em.createQuery("SELECT s FROM Session s WHERE s.refreshHash = :hash", Session.class)
                .setParameter("hash", refreshHash)
                .getResultStream().findFirst();
    }

    /**
     * Who may use the Session now: the one check that it is open, its access
     * token (or, with {@code refresh}, its refresh token) unexpired, and its
     * user, if it has one, active.
     */
    public Optional<SessionPrincipal> holder(Session session, boolean refresh, long now) {
        boolean open = refresh ? session.refreshable(now) : session.accessValid(now);
        if (!open) {
            return Optional.empty();
        }
        if (session.userId() == null) {
            return Optional.of(new SessionPrincipal(session, null));
        }
        return users.find(session.userId()).filter(user -> !user.inactive()).map(user -> new SessionPrincipal(session, user));
    }

    /**
     * Installs new tokens in place of the refresh token presented (by hash), if it
     * is still the Session's current one: of two concurrent exchanges of one token
     * exactly one wins. The winner's old token is kept to recognise its replay.
     */
    @Transactional
    public boolean rotate(Session session, String presentedHash, String accessHash, long accessExp, String refreshHash, long now) {
        forget(session.id());
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
        if (won > 0) {
            em.persist(new UsedRefreshToken(presentedHash, session.id()));
        }
        return won > 0;
    }

    /** A refresh token that was exchanged before is presented again: closes its Session; true if it was one. */
    @Transactional
    public boolean closeReplayed(String presentedHash, long now) {
        UsedRefreshToken used = em.find(UsedRefreshToken.class, presentedHash);
        if (used == null) {
            return false;
        }
        closeNow(used.sessionId(), now, REFRESH_REUSE);
        return true;
    }

    /** Closes a Session, saying why (the constants above); true if it was open. */
    @Transactional
    public boolean closeNow(String id, long now, String reason) {
        forget(id);
        Session session = em.find(Session.class, id);
        boolean wasOpen = closeOpen("id", id, now) > 0;
        if (wasOpen) {
            closedFor(reason, 1, session.userId(), session.clientId(), id);
        }
        return wasOpen;
    }

    /** Closes every open Session of the user (its credentials changed). */
    @Transactional
    void closeAllOfUser(String userId, long now) {
        closedFor(USER_CHANGED, closeOpen("userId", userId, now), userId, null, null);
    }

    /** Closes every open Session of the client (its credentials changed). */
    @Transactional
    void closeAllOfClient(String clientId, long now) {
        closedFor(CLIENT_CHANGED, closeOpen("clientId", clientId, now), null, clientId, null);
    }

    /** Counts closed Sessions and audits them: one event per statement, with the count when it closed several. */
    private void closedFor(String reason, int count, String userId, String clientId, String sessionId) {
        if (count > 0) {
            meters.sessionsClosed(reason, count);
            audit.record(Audit.SESSION_CLOSED, userId, clientId, sessionId, null,
                    count == 1 ? "closed" : "closed " + count, reason, null);
        }
    }

    /**
     * Closes every open Session the search matches, in one statement; returns how
     * many. This instance forgets every token it holds (a cheap refill); the others
     * within their cache window.
     */
    @Transactional
    public int closeMatching(SearchQuery query, long now) {
        resolved.forgetAll();
        closedMany.fire(new SessionsClosed());
        int closedNow = new Sql().append("UPDATE sessions r SET closed_at = ").param(now)
                .append(", version_id = version_id + 1, last_updated = ").param(now)
                .append(" WHERE r.closed_at IS NULL AND ").append(SearchSql.where(table(), query))
                .query(em)
                .executeUpdate();
        closedFor(CLOSED_BY_SEARCH, closedNow, null, null, null);
        return closedNow;
    }

    /** Closes the open Sessions whose {@code field} (a constant of this class, never input) has the value. */
    private int closeOpen(String field, String value, long now) {
        return em.createQuery("UPDATE Session s SET s.closedAt = :now, s.versionId = s.versionId + 1, s.lastUpdated = :now"
                        + " WHERE s." + field + " = :value AND s.closedAt IS NULL")
                .setParameter("now", now)
                .setParameter("value", value)
                .executeUpdate();
    }

    private void forget(String sessionId) {
        resolved.forgetSession(sessionId);
        closed.fire(new SessionClosed(sessionId));
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

    /** Sessions are searched by their columns alone. */
    SearchTable table() {
        return SearchTable.of("sessions", Session.TYPE, false, ids -> SearchTable.inOrder(ids,
                        em.createQuery("SELECT s FROM Session s WHERE s.id IN :ids", Session.class).setParameter("ids", ids)
                                .getResultList(), Session::id, Session::render))
                .column("type", "session_type", Kind.TEXT)
                .column("user.id", "user_id", Kind.TEXT)
                .column("client.id", "client_id", Kind.TEXT)
                .column("sso.id", "sso_id", Kind.TEXT)
                .column("created", "created_at", Kind.TIME)
                .column("exp", "exp_at", Kind.TIME)
                .column("lastUsed", "last_used", Kind.TIME)
                .column("closed", "closed_at", Kind.TIME);
    }

    /** Deletes the Session and its used refresh tokens (closing it, if it was open); empty if there was none. */
    @Transactional
    public Optional<Session> delete(String id) {
        Session session = em.find(Session.class, id);
        if (session == null) {
            return Optional.empty();
        }
        forget(id);
        em.createQuery("DELETE FROM UsedRefreshToken u WHERE u.sessionId = :id").setParameter("id", id).executeUpdate();
        em.remove(session);
        if (session.closedAt() == null) {
            closedFor(DELETED, 1, session.userId(), session.clientId(), id);
        }
        return Optional.of(session);
    }
}
