package gatehouse.policy;

import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import gatehouse.session.CallerContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Applies access policies to every request that is not public and not the root
 * client's, after authentication: no caller is a 401, no allowing policy a 403.
 * A token's own Session ({@code DELETE /Session}, {@code GET /auth/userinfo})
 * needs no policy.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AuthorizationFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AuthorizationFilter.class.getName());

    @Inject
    AccessPolicies policies;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
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
        String uri = path.startsWith("/") ? path : "/" + path;
        String method = request.getMethod().toLowerCase(Locale.ROOT);
        if (caller.session().isPresent() && ownSession(method, uri)) {
            return;
        }
        String userId = caller.user().map(user -> user.id()).orElse(null);
        String clientId = caller.clientId().orElse(null);
        PolicyEvaluator.Decision decision = PolicyEvaluator.evaluate(policies.current(),
                () -> requestObject(uri, method, request, caller), userId, clientId);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(method + " " + uri + " by user " + userId + " / client " + clientId
                    + ": policies tried " + decision.tried() + ", allowed by " + decision.allowedBy());
        }
        if (!decision.allowed()) {
            throw new ForbiddenException("Forbidden: no access policy allows " + method.toUpperCase(Locale.ROOT)
                    + " " + uri + " for this caller");
        }
    }

    private static boolean ownSession(String method, String uri) {
        return (method.equals("delete") && uri.equals("/Session")) || (method.equals("get") && uri.equals("/auth/userinfo"));
    }

    /** The request as matcho sees it (API.md §5). */
    static JsonObject requestObject(String uri, String method, ContainerRequestContext request, CallerContext caller) {
        JsonObjectBuilder params = Jsonp.PROVIDER.createObjectBuilder();
        request.getUriInfo().getQueryParameters().forEach((name, values) -> params.add(name, values.size() == 1
                ? Jsonp.PROVIDER.createValue(values.get(0))
                : array(values)));
        JsonObjectBuilder object = Jsonp.PROVIDER.createObjectBuilder()
                .add("uri", uri)
                .add("request-method", method)
                .add("params", params);
        caller.user().ifPresent(user -> object.add("user", user.render()));
        caller.clientId().ifPresent(client -> object.add("client", Jsonp.PROVIDER.createObjectBuilder().add("id", client)));
        return object.build();
    }

    private static jakarta.json.JsonArray array(List<String> values) {
        JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
        values.forEach(array::add);
        return array.build();
    }
}
