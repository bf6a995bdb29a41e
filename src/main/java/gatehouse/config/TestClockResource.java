package gatehouse.config;

import java.time.Duration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /auth/test/clock?advance=<seconds>}: moves the server's clock
 * forward, for tests of expiry. Root only, and absent (404) unless the server
 * was started with {@code gatehouse.test.clock=true}.
 */
@Path("auth/test/clock")
@ApplicationScoped
public class TestClockResource {

    static final long MAX_ADVANCE_SECONDS = 400L * 24 * 3600;

    @Inject
    Clocks clocks;

    @POST
    @RolesAllowed(Protocol.ROOT_GROUP)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject advance(@QueryParam("advance") long seconds) {
        if (!clocks.adjustable()) {
            throw new NotFoundException();
        }
        if (seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
            throw new jakarta.ws.rs.BadRequestException("advance must be 0 to " + MAX_ADVANCE_SECONDS + " seconds");
        }
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("now", clocks.advance(Duration.ofSeconds(seconds)).toString())
                .build();
    }
}
