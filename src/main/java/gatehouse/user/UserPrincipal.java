package gatehouse.user;

import jakarta.security.enterprise.CallerPrincipal;

/**
 * The caller a password check validated, named by user id, with the User it
 * loaded: the token endpoint needs it next and need not look it up again.
 */
public class UserPrincipal extends CallerPrincipal {

    private static final long serialVersionUID = 1L;

    private final transient User user;

    UserPrincipal(User user) {
        super(user.id());
        this.user = user;
    }

    /** The User as of the check; null only after deserialisation. */
    public User user() {
        return user;
    }
}
