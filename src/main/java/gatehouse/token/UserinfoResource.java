package gatehouse.token;

import java.util.List;
import java.util.Set;

import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import gatehouse.session.CallerContext;
import gatehouse.session.Session;
import gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code GET /auth/userinfo}: the user behind the Bearer token, without its password, with
 * {@code sub}; for a token of a sign-in with scope {@code openid}, with the claims its scopes allow.
 */
@Path("auth/userinfo")
@ApplicationScoped
public class UserinfoResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject userinfo(@Context SecurityContext context) {
        CallerContext caller = CallerContext.of(context);
        User user = caller.user()
                .orElseThrow(() -> new NotAuthorizedException("A Bearer access token of a user is required",
                        Protocol.INVALID_TOKEN_CHALLENGE));
        JsonObjectBuilder answer = Jsonp.PROVIDER.createObjectBuilder(user.render()).add("sub", user.id());
        Set<String> scopes = UserClaims.scopes(caller.session().map(Session::scope).orElse(null));
        if (scopes.contains(UserClaims.OPENID)) {
            // OpenID Connect clients read name as a string (Core §5.1): the claims replace the User's own name object.
            answer.remove("name");
            UserClaims.of(user, scopes).forEach((name, value) -> answer.add(name, value instanceof List<?> list
                    ? Jsonp.PROVIDER.createArrayBuilder(list).build() : Jsonp.PROVIDER.createValue((String) value)));
        }
        return answer.build();
    }
}
