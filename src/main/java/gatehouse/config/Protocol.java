package gatehouse.config;

/**
 * The protocol constants every feature shares: the challenges of RFC 7617 and
 * RFC 6750, the caching headers of RFC 6749 §5.1, the longest token read, and
 * the paths that need no caller.
 */
public final class Protocol {

    public static final String REALM = "gatehouse";
    public static final String BASIC_CHALLENGE = "Basic realm=\"" + REALM + "\"";
    public static final String BEARER_CHALLENGE = "Bearer realm=\"" + REALM + "\"";
    /** RFC 6750 §3.1: a token that is unknown, expired, revoked or malformed. */
    public static final String INVALID_TOKEN_CHALLENGE = BEARER_CHALLENGE + ", error=\"invalid_token\"";

    public static final String CACHE_CONTROL = "Cache-Control";
    public static final String NO_STORE = "no-store";

    /**
     * The group of the root client in the request's {@code SecurityContext}
     * ({@code isUserInRole}, {@code @RolesAllowed}). Reserved: user roles cannot
     * start with {@value #RESERVED_ROLE_PREFIX}.
     */
    public static final String ROOT_GROUP = "gatehouse:root";
    public static final String RESERVED_ROLE_PREFIX = "gatehouse:";

    /** Longer tokens are never ours: they are refused before anything is hashed or looked up. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    private Protocol() {
    }

    /**
     * Paths that need no caller: discovery, health, the OpenAPI document, and the
     * OAuth endpoints that authenticate clients themselves.
     *
     * @param path the request's one parsed path
     */
    public static boolean isPublic(CanonicalPath path) {
        String p = path.relative();
        return isOAuthEndpoint(path) || isSignInPage(p) || p.startsWith(".well-known/") || isHealth(p) || p.equals("openapi");
    }

    /** The sign-in endpoints a browser reaches before it holds any token: they check who is there themselves. */
    private static boolean isSignInPage(String p) {
        return p.equals("auth/authorize") || p.equals("auth/login") || p.equals("auth/consent") || p.equals("auth/logout");
    }

    /** The probes of a load balancer or Kubernetes, which send no credentials. */
    private static boolean isHealth(String p) {
        return p.equals("health") || p.startsWith("health/");
    }

    /** The endpoints that authenticate clients themselves and answer errors as RFC 6749 §5.2 says. */
    public static boolean isOAuthEndpoint(CanonicalPath path) {
        String p = path.relative();
        return p.equals("auth/token") || p.equals("auth/introspect") || p.equals("auth/revoke");
    }
}
