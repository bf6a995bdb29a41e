package gatehouse.token;

import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import gatehouse.client.ClientAuthentication;
import gatehouse.client.ClientCredentials;
import gatehouse.client.GrantType;
import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.error.Problem;
import gatehouse.telemetry.Audit;
import gatehouse.telemetry.Meters;
import gatehouse.user.PasswordLogin;
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
    Meters meters;

    @Inject
    Audit audit;

    private Map<String, Grant> grants;

    @PostConstruct
    void indexGrants() {
        grants = grantBeans.stream().collect(Collectors.toUnmodifiableMap(Grant::grantType, Function.identity()));
    }

    /** Every token request is timed and counted by grant type and outcome, and audited (never with a credential). */
    @POST
    public Response token(@Context HttpHeaders headers, @Context HttpServletRequest http, InputStream body) {
        long started = System.nanoTime();
        String source = requests.source(http);
        TokenRequest request = null;
        String outcome = "error";
        IssuedTokens tokens = null;
        PasswordLogin failedLogin = null;
        try {
            request = requests.read(headers, body);
            tokens = exchange(request, source);
            outcome = "success";
            return response(tokens);
        } catch (GrantRefused e) {
            outcome = e.outcome().label;
            failedLogin = e.login();
            throw e;
        } catch (OAuthException e) {
            outcome = e.error().code();
            throw e;
        } catch (Problem e) {
            outcome = e.status() == 429 ? "throttled" : e.status() == 503 ? "busy" : "error";
            throw e;
        } finally {
            String grantType = request == null ? null : request.parameters().get("grant_type");
            meters.tokenRequest(grantType, outcome, System.nanoTime() - started);
            if (outcome.equals("refresh_reused")) {
                meters.refreshReuse();
            }
            audit(request, grantType, outcome, tokens, failedLogin, source);
        }
    }

    private IssuedTokens exchange(TokenRequest request, String source) {
        String grantType = request.required("grant_type");
        // The client's secret and the grant's own credential (a password, a refresh token) are one
        // counted check: only tokens issued give the count back; any exception keeps it.
        return clientAuthentication.require(request.credentials(), source, client -> grant(grantType).exchange(client, request));
    }

    private Grant grant(String grantType) {
        Grant grant = grants.get(grantType);
        if (grant == null) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, "Unsupported grant_type " + grantType);
        }
        return grant;
    }

    private static Response response(IssuedTokens tokens) {
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

    /** @param login the failed password check of a refused password grant, or null */
    private void audit(TokenRequest request, String grantType, String outcome, IssuedTokens tokens, PasswordLogin login,
                       String source) {
        String clientId = request == null ? null : request.credentials().map(ClientCredentials::clientId).orElse(request.parameters().get("client_id"));
        boolean refresh = GrantType.REFRESH_TOKEN.value().equals(grantType);
        switch (outcome) {
            case "success" -> audit.record(refresh ? Audit.TOKEN_REFRESHED : Audit.LOGIN,
                    tokens.user() == null ? null : tokens.user().id(), clientId, tokens.sessionId(), source, outcome, null, null);
            case "invalid_client" -> audit.record(Audit.CLIENT_AUTH_FAILED, null, clientId, null, source, outcome, null, null);
            case "refresh_reused" -> audit.record(Audit.REFRESH_REUSE, null, clientId, null, source, outcome, null, null);
            case "invalid_grant", "locked" -> {
                String userId = login == null ? null : login.userId();
                if (!refresh) {
                    audit.record(Audit.LOGIN_FAILED, userId, clientId, null, source,
                            login != null && login.failure() != null ? login.failure() : outcome, null, null);
                }
                if (login != null && login.lockedNow()) {
                    audit.record(Audit.USER_LOCKED, userId, clientId, null, source, "locked", null, null);
                }
            }
            default -> {
                // other refusals (throttled, malformed requests) are counted, not audited one by one
            }
        }
    }

    /** RFC 6749 §5.1: token responses are never cached. */
    static Response noStore(Response.ResponseBuilder response) {
        return response.header(Protocol.CACHE_CONTROL, Protocol.NO_STORE).header("Pragma", "no-cache").build();
    }
}
