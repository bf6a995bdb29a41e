package gatehouse.token;

import gatehouse.error.OAuthException;
import gatehouse.session.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /auth/userinfo}: the user behind the Bearer token, without its password. */
@Path("auth/userinfo")
@ApplicationScoped
public class UserinfoResource {

    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject userinfo() {
        var user = caller.get().user();
        if (user == null) {
            throw new NotAuthorizedException("A Bearer access token is required", OAuthException.bearerChallenge());
        }
        return user.render();
    }
}
