package gatehouse.token;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import gatehouse.client.ClientAuthentication;
import gatehouse.client.ClientCredentials;
import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.error.Problem;
import gatehouse.telemetry.TokenRequestCompleted;
import gatehouse.user.PasswordLogin;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
    Event<TokenRequestCompleted> completed;

    private Map<String, Grant> grants;

    @PostConstruct
    void indexGrants() {
        grants = grantBeans.stream().collect(Collectors.toUnmodifiableMap(Grant::grantType, Function.identity()));
    }

    /** Every answered token request is reported, refused or not, as a {@link TokenRequestCompleted}. */
    @POST
    public Response token(@Context HttpHeaders headers, @Context HttpServletRequest http, InputStream body) {
        long started = System.nanoTime();
        String source = requests.source(http);
        TokenRequest request = null;
        IssuedTokens tokens;
        try {
            request = requests.read(headers, body);
            tokens = exchange(request, source);
        } catch (RuntimeException | Error refusal) {
            completed.fire(refused(request, refusal, source, started));
            throw refusal;
        }
        completed.fire(new TokenRequestCompleted(grantType(request), TokenRequestCompleted.SUCCESS, clientId(request),
                tokens.user() == null ? null : tokens.user().id(), tokens.sessionId(), source, since(started), null, false));
        return response(tokens);
    }

    private IssuedTokens exchange(TokenRequest request, String source) {
        String grantType = request.required("grant_type");
        // The client's secret and the grant's own credential (a password, a refresh token) are one
        // counted check: only tokens issued give the count back; any exception keeps it.
        return clientAuthentication.require(request.credentials(), grantType, source, client -> grant(grantType).exchange(client, request));
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
        if (tokens.scope() != null) {
            response.add("scope", tokens.scope());
        }
        if (tokens.idToken() != null) {
            response.add("id_token", tokens.idToken());
        }
        if (tokens.user() != null) {
            response.add("userinfo", tokens.user().render());
        }
        return noStore(Response.ok(response.build(), MediaType.APPLICATION_JSON_TYPE));
    }

    private static TokenRequestCompleted refused(TokenRequest request, Throwable refusal, String source, long started) {
        return refusal(grantType(request), clientId(request), refusal, source, since(started));
    }

    /**
     * What a refused credential check was, for the metrics and the audit trail (the token endpoint's,
     * and the login page's, which checks passwords through the same grant); the client's answer is
     * the exception's own.
     */
    public static TokenRequestCompleted refusal(String grantType, String clientId, Throwable refusal, String source,
                                                Duration duration) {
        String outcome = "error";
        PasswordLogin login = null;
        if (refusal instanceof GrantRefused grant) {
            outcome = grant.outcome().label;
            login = grant.login();
        } else if (refusal instanceof OAuthException oauth) {
            outcome = oauth.error().code();
        } else if (refusal instanceof Problem problem) {
            outcome = problem.status() == 429 ? "throttled" : problem.status() == 503 ? "busy" : "error";
        }
        return new TokenRequestCompleted(grantType, outcome, clientId, login == null ? null : login.userId(),
                null, source, duration, login == null ? null : login.failure(), login != null && login.lockedNow());
    }

    private static String grantType(TokenRequest request) {
        return request == null ? null : request.parameters().get("grant_type");
    }

    private static String clientId(TokenRequest request) {
        return request == null ? null : request.credentials().map(ClientCredentials::clientId).orElse(null);
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** RFC 6749 §5.1: token responses are never cached. */
    static Response noStore(Response.ResponseBuilder response) {
        return response.header(Protocol.CACHE_CONTROL, Protocol.NO_STORE).header("Pragma", "no-cache").build();
    }
}
