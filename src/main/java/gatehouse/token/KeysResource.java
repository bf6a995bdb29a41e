package gatehouse.token;

import gatehouse.config.Jsonp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /auth/keys/rotate}: starts signing with a new key; the old ones stay
 * in the JWKS. Like every non-public endpoint it needs the root client or a policy.
 */
@Path("auth/keys")
@ApplicationScoped
public class KeysResource {

    @Inject
    SigningKeys keys;

    @POST
    @Path("rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject rotate() {
        return Jsonp.PROVIDER.createObjectBuilder().add("kid", keys.rotate()).build();
    }
}
