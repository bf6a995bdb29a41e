package gatehouse.token;

import java.io.InputStream;
import java.util.Optional;

import gatehouse.client.ClientAuthentication;
import gatehouse.session.BearerAuthentication;
import gatehouse.session.Session;
import gatehouse.session.Sessions;
import gatehouse.session.TokenHash;
import gatehouse.store.Jsonp;
import gatehouse.user.User;
import gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token introspection (RFC 7662) for any authenticated client: the standard way
 * for other applications to learn at once that a Session was closed.
 */
@Path("auth/introspect")
@ApplicationScoped
public class IntrospectionResource {

    private static final JsonObject INACTIVE = Jsonp.PROVIDER.createObjectBuilder().add("active", false).build();

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    BearerAuthentication bearer;

    @Inject
    Sessions sessions;

    @Inject
    Users users;

    @Inject
    @ConfigProperty(name = "gatehouse.issuer")
    String issuer;

    @Inject
    OAuthRequests requests;

    @POST
    public Response introspect(@Context HttpHeaders headers, InputStream body) {
        TokenRequest request = requests.read(headers, body);
        clientAuthentication.require(request.credentials());
        String token = request.required("token");
        JsonObject answer = token.length() > 8192 ? INACTIVE : bearer.resolve(token)
                .map(caller -> active(caller.session(), caller.user(), "Bearer", caller.session().accessExp()))
                .or(() -> refreshToken(token))
                .orElse(INACTIVE);
        return TokenResource.noStore(Response.ok(answer, MediaType.APPLICATION_JSON_TYPE));
    }

    private Optional<JsonObject> refreshToken(String token) {
        long now = System.currentTimeMillis();
        return sessions.findByRefreshHash(TokenHash.of(token))
                .filter(session -> session.refreshable(now))
                .flatMap(session -> users.find(session.userId()).filter(user -> !user.inactive())
                        .map(user -> active(session, user, "refresh_token", null)));
    }

    private JsonObject active(Session session, User user, String tokenType, Long exp) {
        var answer = Jsonp.PROVIDER.createObjectBuilder()
                .add("active", true)
                .add("token_type", tokenType)
                .add("iss", issuer)
                .add("sub", user.id())
                .add("username", user.callerName())
                .add("client_id", session.clientId())
                .add("jti", session.id())
                .add("iat", session.lastUpdated() / 1000);
        if (exp != null) {
            answer.add("exp", exp / 1000);
        }
        return answer.build();
    }
}
