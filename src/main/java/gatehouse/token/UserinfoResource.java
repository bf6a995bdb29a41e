package gatehouse.token;

import gatehouse.config.Protocol;
import gatehouse.session.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code GET /auth/userinfo}: the user behind the Bearer token, without its password. */
@Path("auth/userinfo")
@ApplicationScoped
public class UserinfoResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject userinfo(@Context SecurityContext context) {
        return CallerContext.of(context).user()
                .orElseThrow(() -> new NotAuthorizedException("A Bearer access token of a user is required",
                        Protocol.INVALID_TOKEN_CHALLENGE))
                .render();
    }
}
