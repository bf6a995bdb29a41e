package gatehouse.policy;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Jsonp;
import gatehouse.config.Logs;
import gatehouse.config.Protocol;
import gatehouse.session.CallerContext;
import gatehouse.store.Representation;
import gatehouse.store.RequestBody;
import gatehouse.store.ResourceStores;
import jakarta.annotation.Priority;
import gatehouse.telemetry.Meters;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies access policies to every request that is not public and not the root
 * client's, after authentication: no caller is a 401, no allowing policy a 403.
 * A token's own Session ({@code DELETE /Session} without a search,
 * {@code GET /auth/userinfo}) needs no policy. A write that changes a privileged
 * field of a User or Client needs a policy that names it in its body pattern.
 * The body is read here (once, kept for the resource) only when a policy that
 * applies looks at it, or for that rule.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AuthorizationFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AuthorizationFilter.class.getName());
    private static final Set<String> WRITES = Set.of("post", "put", "patch");

    @Inject
    AccessPolicies policies;

    @Inject
    ResourceStores stores;

    @Inject
    @ConfigProperty(name = "gatehouse.max.body.bytes")
    long maxBodyBytes;

    @Inject
    Meters meters;

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        CanonicalPath path = CanonicalPath.of(request);
        if (Protocol.isPublic(path)) {
            return;
        }
        CallerContext caller = CallerContext.of(request.getSecurityContext());
        if (caller.root()) {
            return;
        }
        if (caller.anonymous()) {
            throw new NotAuthorizedException("Authentication required: HTTP Basic or a Bearer access token",
                    Protocol.BASIC_CHALLENGE, Protocol.BEARER_CHALLENGE);
        }
        String uri = path.path();
        String method = request.getMethod().toLowerCase(Locale.ROOT);
        Map<String, List<String>> params = request.getUriInfo().getQueryParameters();
        if (caller.session().isPresent() && ownSession(method, uri, params)) {
            return;
        }
        String userId = caller.user().map(user -> user.id()).orElse(null);
        String clientId = caller.clientId().orElse(null);
        List<AccessPolicy> current = policies.current();
        boolean write = WRITES.contains(method);
        Supplier<JsonObject> body = write ? once(() -> body(request, path)) : () -> null;
        boolean bodySeen = write && current.stream().anyMatch(p -> p.readsBody() && p.appliesTo(userId, clientId));
        Supplier<List<JsonObject>> requests = () -> RequestObjects.of(path, method, params,
                caller.user().map(user -> user.render()).orElse(null), clientId,
                caller.session().map(session -> session.scope()).orElse(null), bodySeen ? body.get() : null);
        Set<String> changed = write ? PrivilegedFields.changedBy(path, body, stores) : Set.of();
        PolicyEvaluator.Decision decision = PolicyEvaluator.evaluate(current, requests, userId, clientId, naming(changed));
        Set<String> unlock = PrivilegedFields.ignoredUnlessNamed(changed);
        if (decision.insufficient() && !unlock.isEmpty()) {
            // The unlock without a policy that names it stays root's bookkeeping: dropped, as
            // before, rather than refused; the rest of the write is judged as usual.
            Set<String> rest = new LinkedHashSet<>(changed);
            rest.removeAll(unlock);
            PolicyEvaluator.Decision withoutUnlock = PolicyEvaluator.evaluate(current, requests, userId, clientId, naming(rest));
            if (withoutUnlock.allowed()) {
                JsonObjectBuilder kept = Jsonp.PROVIDER.createObjectBuilder(body.get());
                unlock.forEach(kept::remove);
                RequestBody.keep(http, kept.build());
            }
            changed = rest;
            decision = withoutUnlock;
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(Logs.safe(method + " " + uri + " by user " + userId + " / client " + clientId
                    + ": policies tried " + decision.tried() + ", allowed by " + decision.allowedBy()));
        }
        if (decision.insufficient() || !decision.allowed()) {
            meters.policyDenied();
        }
        if (decision.insufficient()) {
            throw new ForbiddenException("Forbidden: this write changes " + String.join(", ", changed)
                    + ", which only a policy that names " + (changed.size() == 1 ? "it" : "them")
                    + " in its body pattern may allow");
        }
        if (!decision.allowed()) {
            throw new ForbiddenException("Forbidden: no access policy allows " + method.toUpperCase(Locale.ROOT)
                    + " " + uri + " for this caller");
        }
    }

    private static Predicate<AccessPolicy> naming(Set<String> fields) {
        return policy -> policy.bodyFields().containsAll(fields);
    }

    private static boolean ownSession(String method, String uri, Map<String, List<String>> params) {
        return (method.equals("delete") && uri.equals("/Session") && params.isEmpty())
                || (method.equals("get") && uri.equals("/auth/userinfo"));
    }

    /**
     * Reads and parses the body once, and leaves both for the resource. A server endpoint
     * may be posted to without a body (the key rotation, the test clock): the policies then
     * see none; a resource write without one is refused as before.
     */
    private JsonObject body(ContainerRequestContext request, CanonicalPath path) {
        byte[] bytes = Representation.read(request.getEntityStream(), maxBodyBytes);
        request.setEntityStream(new ByteArrayInputStream(bytes));
        if (bytes.length == 0 && !path.isResource()) {
            return null;
        }
        JsonObject parsed = Representation.parseObject(bytes, request.getMediaType());
        RequestBody.keep(http, parsed);
        return parsed;
    }

    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;
            private boolean done;

            @Override
            public T get() {
                if (!done) {
                    value = supplier.get();
                    done = true;
                }
                return value;
            }
        };
    }
}
