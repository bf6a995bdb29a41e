package gatehouse.session;

import gatehouse.client.ClientCredentials;
import gatehouse.client.CredentialThrottle;
import gatehouse.config.CanonicalPath;
import gatehouse.config.Protocol;
import gatehouse.config.SourceAddresses;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Where a request's credentials become its caller, once per request: the one
 * place that reads {@code Authorization}. HTTP Basic becomes a
 * {@link ClientCredentials}, Bearer a {@link BearerCredential}; Jakarta
 * Security's identity stores validate them ({@link SessionIdentityStore} for
 * tokens, the client package's store for clients), and the result is published
 * as the request's {@link SecurityContext} ({@link CallerContext}). Bad
 * credentials are a 401 here; what the caller may do is decided after this
 * (policy package). The OAuth endpoints authenticate clients themselves.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    CredentialThrottle throttle;

    @Inject
    SourceAddresses addresses;

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (Protocol.isPublic(CanonicalPath.of(request)) || authorization == null || authorization.isBlank()) {
            request.setSecurityContext(CallerContext.anonymous(secure));
            return;
        }
        authorization = authorization.trim();
        if (ClientCredentials.isBasic(authorization)) {
            ClientCredentials credentials = ClientCredentials.fromBasic(authorization, false)
                    .orElseThrow(() -> new NotAuthorizedException("Unreadable HTTP Basic credentials", Protocol.BASIC_CHALLENGE));
            // Client secrets are credentials like any other: throttled per source address, before any hash.
            request.setSecurityContext(throttle.counted(addresses.of(http), credentials.clientId(), () -> validate(credentials,
                    SecurityContext.BASIC_AUTH, secure, "Invalid client credentials", Protocol.BASIC_CHALLENGE)));
        } else if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.setSecurityContext(validate(new BearerCredential(authorization.substring(7).trim()), CallerContext.BEARER,
                    secure, "Invalid, expired or revoked access token", Protocol.INVALID_TOKEN_CHALLENGE));
        } else {
            throw new NotAuthorizedException("Unsupported authorization scheme; use Basic or Bearer", Protocol.BASIC_CHALLENGE);
        }
    }

    private CallerContext validate(Credential credential, String scheme, boolean secure, String refusal, String challenge) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throw new NotAuthorizedException(refusal, challenge);
        }
        return CallerContext.of(result, scheme, secure);
    }
}
