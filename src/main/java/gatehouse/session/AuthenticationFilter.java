package gatehouse.session;

import java.util.Optional;

import gatehouse.client.ClientAuthentication;
import gatehouse.client.ClientCredentials;
import gatehouse.client.RootClient;
import gatehouse.error.OAuthException;
import gatehouse.store.Viewer;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Decides who the caller is, once per request, from {@code Authorization}:
 * HTTP Basic for the root client or a stored client, Bearer for a user's
 * Session. Bad credentials are a 401 here; what the caller may do is decided
 * after this (policy package). The OAuth endpoints authenticate clients themselves.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    static final String BASIC_CHALLENGE = "Basic realm=\"" + OAuthException.REALM + "\"";

    @Inject
    RootClient root;

    @Inject
    ClientAuthentication clients;

    @Inject
    BearerAuthentication bearer;

    @Inject
    CurrentCaller current;

    @Inject
    Viewer viewer;

    @Override
    public void filter(ContainerRequestContext request) {
        if (PublicPaths.isPublic(request.getUriInfo().getPath())) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return;
        }
        Caller caller = authenticate(authorization.trim());
        current.set(caller);
        if (caller.kind() == Caller.Kind.ROOT) {
            viewer.root(true); // request-scoped and false by default: others never create it here
        }
    }

    private Caller authenticate(String authorization) {
        if (ClientCredentials.isBasic(authorization)) {
            ClientCredentials credentials = ClientCredentials.fromBasic(authorization, false)
                    .orElseThrow(() -> new NotAuthorizedException("Unreadable HTTP Basic credentials", BASIC_CHALLENGE));
            if (root.matches(credentials.clientId(), credentials.secret())) {
                return Caller.root(credentials.clientId());
            }
            return clients.authenticate(credentials)
                    .map(client -> Caller.client(client.id()))
                    .orElseThrow(() -> new NotAuthorizedException("Invalid client credentials", BASIC_CHALLENGE));
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            Optional<Caller> caller = token.isEmpty() || token.length() > 8192 ? Optional.empty() : bearer.resolve(token);
            return caller.orElseThrow(() -> new NotAuthorizedException(
                    "Invalid, expired or revoked access token", OAuthException.bearerChallenge()));
        }
        throw new NotAuthorizedException("Unsupported authorization scheme; use Basic or Bearer", BASIC_CHALLENGE);
    }
}
