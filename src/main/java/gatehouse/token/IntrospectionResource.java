package gatehouse.token;

import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;

import gatehouse.client.ClientAuthentication;
import gatehouse.config.Issuer;
import gatehouse.config.Jsonp;
import gatehouse.session.Session;
import gatehouse.session.SessionPrincipal;
import gatehouse.session.Sessions;
import gatehouse.token.PresentedTokens.PresentedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Token introspection (RFC 7662): the standard way for other applications to
 * learn at once that a Session was closed. Only a client that authenticated with
 * its secret may ask, and it sees {@code active: true} only for tokens issued
 * through itself, unless its Client says {@code introspection: any}; the root
 * client sees every token. Reads the Session as it is stored, without the token
 * cache, and marks nothing as used.
 */
@Path("auth/introspect")
@ApplicationScoped
public class IntrospectionResource {

    private static final JsonObject INACTIVE = Jsonp.PROVIDER.createObjectBuilder().add("active", false).build();

    @Inject
    PresentedTokens presentedTokens;

    @Inject
    Sessions sessions;

    @Inject
    Clock clock;

    @Inject
    Issuer issuer;

    @POST
    public Response introspect(@Context HttpHeaders headers, @Context HttpServletRequest http, InputStream body) {
        PresentedToken<ClientAuthentication.Introspector> presented = presentedTokens.toIntrospect(headers, http, body);
        JsonObject answer = presented.hash().flatMap(this::active)
                .filter(active -> presented.caller().mayInspect(active.getString("client_id")))
                .orElse(INACTIVE);
        return TokenResource.noStore(Response.ok(answer, MediaType.APPLICATION_JSON_TYPE));
    }

    /** An access token's live Session, else a refresh token's. */
    private Optional<JsonObject> active(String hash) {
        long now = clock.millis();
        return sessions.findByAccessHash(hash).flatMap(session -> sessions.holder(session, false, now))
                .map(holder -> describe(holder, "Bearer", holder.session().accessExp()))
                .or(() -> sessions.findByRefreshHash(hash).flatMap(session -> sessions.holder(session, true, now))
                        .map(holder -> describe(holder, "refresh_token", null)));
    }

    private JsonObject describe(SessionPrincipal holder, String tokenType, Long exp) {
        Session session = holder.session();
        JsonObjectBuilder answer = Jsonp.PROVIDER.createObjectBuilder()
                .add("active", true)
                .add("token_type", tokenType)
                .add("iss", issuer.url())
                .add("sub", holder.getName())
                .add("client_id", session.clientId())
                .add("jti", session.id())
                .add("iat", session.lastUpdated() / 1000);
        if (holder.user() != null) {
            answer.add("username", holder.user().callerName());
        }
        if (session.scope() != null) {
            answer.add("scope", session.scope());
        }
        if (exp != null) {
            answer.add("exp", exp / 1000);
        }
        return answer.build();
    }
}
