package gatehouse.session;

import java.util.Set;

import gatehouse.user.User;
import jakarta.security.enterprise.CallerPrincipal;

/**
 * The caller behind an access token: its Session and the Session's user, named
 * by the user's id; or, for a Session of the client credentials grant, which has
 * no user, by the client's id.
 */
public class SessionPrincipal extends CallerPrincipal {

    private static final long serialVersionUID = 1L;

    private final transient Session session;
    private final transient User user;

    public SessionPrincipal(Session session, User user) {
        super(user != null ? user.id() : session.clientId());
        this.session = session;
        this.user = user;
    }

    public Session session() {
        return session;
    }

    /** The user the token acts for; null for a client's own Session. */
    public User user() {
        return user;
    }

    public String clientId() {
        return session.clientId();
    }

    Set<String> groups() {
        return user == null ? Set.of() : user.roleSet();
    }
}
