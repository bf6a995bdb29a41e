package gatehouse.error;

/** The error codes of RFC 6749 §5.2 and RFC 6750 §3.1, with their HTTP status. */
public enum OAuthError {
    INVALID_REQUEST(400),
    INVALID_CLIENT(401),
    INVALID_GRANT(400),
    UNAUTHORIZED_CLIENT(400),
    UNSUPPORTED_GRANT_TYPE(400),
    INVALID_TOKEN(401),
    /** Used by RFC 6749 §4.1.2.1 for the authorization endpoint; here for a full slow-hash gate or throttling. */
    TEMPORARILY_UNAVAILABLE(503);

    final int status;

    OAuthError(int status) {
        this.status = status;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
