package gatehouse.token;

import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.user.PasswordLogin;

/**
 * An {@code invalid_grant} that says, as typed values for the audit trail and the
 * metrics, what was wrong: the client sees the same OAuth error whatever it is.
 */
final class GrantRefused extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** What the metrics call the outcome. */
    enum Outcome {
        WRONG_CREDENTIALS("invalid_grant"), LOCKED("locked"), REFRESH_REUSED("refresh_reused"), CODE_REUSED("code_reused");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    private final Outcome outcome;
    private final transient PasswordLogin login;

    private GrantRefused(String description, Outcome outcome, PasswordLogin login) {
        super(OAuthError.INVALID_GRANT, description);
        this.outcome = outcome;
        this.login = login;
    }

    /** A password check that failed, with what the check found. */
    static GrantRefused login(String description, PasswordLogin login) {
        return new GrantRefused(description, PasswordLogin.LOCKED.equals(login.failure()) ? Outcome.LOCKED
                : Outcome.WRONG_CREDENTIALS, login);
    }

    static GrantRefused refreshReused(String description) {
        return new GrantRefused(description, Outcome.REFRESH_REUSED, null);
    }

    static GrantRefused codeReplayed(String description) {
        return new GrantRefused(description, Outcome.CODE_REUSED, null);
    }

    Outcome outcome() {
        return outcome;
    }

    /** The failed password check, for a refused password grant; null otherwise. */
    PasswordLogin login() {
        return login;
    }
}
