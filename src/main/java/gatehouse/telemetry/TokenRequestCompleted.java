package gatehouse.telemetry;

import java.time.Duration;

/**
 * A request to the token endpoint, answered: fired by the endpoint on the request's
 * thread and recorded by {@link TokenRequestTelemetry}. Values only, never a credential;
 * why a password check failed travels as the typed values its check reported, since the
 * client is told the same {@code invalid_grant} whatever the reason.
 *
 * @param grantType    {@code grant_type} as sent, or null
 * @param outcome      {@code success}, the RFC 6749 error code, {@code locked}, {@code refresh_reused},
 *                     {@code throttled}, {@code busy} or {@code error}
 * @param clientId     the client id presented, or null
 * @param userId       the user the tokens were issued to, or whose password failed; else null
 * @param sessionId    the Session of the tokens issued, or null
 * @param source       the address the request came from
 * @param loginFailure why the password check failed (the user package's {@code PasswordLogin} reasons), or null
 * @param lockedNow    whether that failure locked the user
 */
public record TokenRequestCompleted(String grantType, String outcome, String clientId, String userId, String sessionId,
                                    String source, Duration duration, String loginFailure, boolean lockedNow) {

    public static final String SUCCESS = "success";

    /** A password checked on the login page, not at the token endpoint: its login event says {@code browser}. */
    boolean signIn() {
        return "sign-in".equals(grantType);
    }

    /** RFC 6749 §6: refreshes are audited as such, and their failures are not failed logins. */
    boolean refresh() {
        return "refresh_token".equals(grantType);
    }
}
