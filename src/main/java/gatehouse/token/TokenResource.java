package gatehouse.token;

import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import gatehouse.client.Client;
import gatehouse.client.ClientAuthentication;
import gatehouse.client.CredentialThrottle;
import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The token endpoint (RFC 6749 §3.2): authenticates the client, then hands over to its grant. */
@Path("auth/token")
@ApplicationScoped
public class TokenResource {

    @Inject
    Instance<Grant> grantBeans;

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    OAuthRequests requests;

    @Inject
    CredentialThrottle throttle;

    private Map<String, Grant> grants;

    @PostConstruct
    void indexGrants() {
        grants = grantBeans.stream().collect(Collectors.toUnmodifiableMap(Grant::grantType, Function.identity()));
    }

    @POST
    public Response token(@Context HttpHeaders headers, @Context HttpServletRequest http, InputStream body) {
        TokenRequest request = requests.read(headers, body);
        String source = requests.source(http);
        String grantType = request.required("grant_type");
        Client client = clientAuthentication.require(request.credentials(), source);
        Grant grant = grants.get(grantType);
        if (grant == null) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, "Unsupported grant_type " + grantType);
        }
        // The grant checks a password or refresh token: counted like the client's secret, before it runs.
        throttle.attempt(source, client.id());
        IssuedTokens tokens;
        boolean wrongCredential = false;
        try {
            tokens = grant.exchange(client, request);
        } catch (OAuthException e) {
            wrongCredential = e.error() == OAuthError.INVALID_GRANT;
            throw e;
        } finally {
            if (!wrongCredential) {
                throttle.succeeded(source, client.id());
            }
        }
        JsonObjectBuilder response = Jsonp.PROVIDER.createObjectBuilder()
                .add("token_type", "Bearer")
                .add("expires_in", tokens.expiresIn())
                .add("access_token", tokens.accessToken());
        if (tokens.refreshToken() != null) {
            response.add("refresh_token", tokens.refreshToken());
        }
        if (tokens.user() != null) {
            response.add("userinfo", tokens.user().render());
        }
        return noStore(Response.ok(response.build(), MediaType.APPLICATION_JSON_TYPE));
    }

    /** RFC 6749 §5.1: token responses are never cached. */
    static Response noStore(Response.ResponseBuilder response) {
        return response.header(Protocol.CACHE_CONTROL, Protocol.NO_STORE).header("Pragma", "no-cache").build();
    }
}
