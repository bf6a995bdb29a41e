package gatehouse.user;

import jakarta.enterprise.context.RequestScoped;

/**
 * What the password check of this request found, for the audit trail and the
 * metrics only: the answer to the client stays the same {@code invalid_grant}
 * whatever the reason, so the lock is never revealed to the caller.
 */
@RequestScoped
public class LoginAttempt {

    public static final String UNKNOWN_USER = "unknown-user";
    public static final String WRONG_PASSWORD = "wrong-password";
    public static final String INACTIVE = "inactive";
    public static final String LOCKED = "locked";

    private String userId;
    private String failure;
    private boolean lockedNow;

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
