package gatehouse.user;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;

/**
 * A user's name and password that also carries back what their check found, for the
 * audit trail and the metrics only: the answer to the client stays the same
 * {@code invalid_grant} whatever the reason, so a lock is never revealed. A value
 * handed to the identity store and read by the same caller, so it works on any
 * thread (no request scope).
 */
public final class PasswordLogin extends UsernamePasswordCredential {

    public static final String UNKNOWN_USER = "unknown-user";
    public static final String WRONG_PASSWORD = "wrong-password";
    public static final String INACTIVE = "inactive";
    public static final String LOCKED = "locked";

    private volatile String userId;
    private volatile String failure;
    private volatile boolean lockedNow;

    public PasswordLogin(String name, String password) {
        super(name, password);
    }

    void failed(String userId, String failure, boolean lockedNow) {
        this.userId = userId;
        this.failure = failure;
        this.lockedNow = lockedNow;
    }

    /** The user whose password was checked, if the login name was one's. */
    public String userId() {
        return userId;
    }

    /** Why the check failed (the constants above), or null. */
    public String failure() {
        return failure;
    }

    /** Whether this failure locked the user (or extended its lock). */
    public boolean lockedNow() {
        return lockedNow;
    }
}
