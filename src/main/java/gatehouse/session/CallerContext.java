package gatehouse.session;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;

import gatehouse.client.ClientPrincipal;
import gatehouse.config.Protocol;
import gatehouse.user.User;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The request's caller, as the JAX-RS {@link SecurityContext} of the request:
 * the principal and groups of the {@link CredentialValidationResult} that an
 * identity store gave for the request's credentials, or nobody. Every resource
 * asks {@code @Context SecurityContext} who is calling; {@link #of} adds the
 * typed views Gatehouse's own code needs.
 */
public final class CallerContext implements SecurityContext {

    /** The Bearer scheme (RFC 6750); Basic is {@link SecurityContext#BASIC_AUTH}. */
    public static final String BEARER = "Bearer";

    private static final Set<String> ROOT_GROUPS = Set.of(Protocol.ROOT_GROUP);

    private final Principal principal;
    private final Set<String> groups;
    private final String scheme;
    private final boolean secure;

    private CallerContext(Principal principal, Set<String> groups, String scheme, boolean secure) {
        this.principal = principal;
        this.groups = groups;
        this.scheme = scheme;
        this.secure = secure;
    }

    static CallerContext anonymous(boolean secure) {
        return new CallerContext(null, Set.of(), null, secure);
    }

    static CallerContext of(CredentialValidationResult result, String scheme, boolean secure) {
        return new CallerContext(result.getCallerPrincipal(), result.getCallerGroups(), scheme, secure);
    }

    /**
     * The caller of a request, read through the standard interface: JAX-RS runtimes
     * may hand resources a proxy of the context the filter set, never the instance.
     */
    public static CallerContext of(SecurityContext context) {
        if (context instanceof CallerContext caller) {
            return caller;
        }
        if (context == null) {
            return anonymous(false);
        }
        Principal principal = context.getUserPrincipal();
        Set<String> groups = principal instanceof ClientPrincipal && context.isUserInRole(Protocol.ROOT_GROUP)
                ? ROOT_GROUPS : Set.of();
        return new CallerContext(principal, groups, context.getAuthenticationScheme(), context.isSecure());
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return groups.contains(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return scheme;
    }

    /** No caller of ours: no credentials, or a container's own (WildFly names it "anonymous"). */
    public boolean anonymous() {
        return !(principal instanceof SessionPrincipal || principal instanceof ClientPrincipal);
    }

    /** The root client of configuration, which may do everything. */
    public boolean root() {
        return principal instanceof ClientPrincipal client && client.root() && groups.contains(Protocol.ROOT_GROUP);
    }

    /** The Session of the access token the request carries. */
    public Optional<Session> session() {
        return principal instanceof SessionPrincipal caller ? Optional.of(caller.session()) : Optional.empty();
    }

    /** The user the request acts for: the user of its access token's Session. */
    public Optional<User> user() {
        return principal instanceof SessionPrincipal caller ? Optional.ofNullable(caller.user()) : Optional.empty();
    }

    /** The client the request comes through: its own credentials, or the client of its token's Session. */
    public Optional<String> clientId() {
        if (principal instanceof SessionPrincipal caller) {
            return Optional.of(caller.clientId());
        }
        return principal instanceof ClientPrincipal client ? Optional.of(client.getName()) : Optional.empty();
    }
}
