package gatehouse.interop.mpjwt;

import java.security.Principal;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("caller")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {

    @Inject
    JsonWebToken jwt;

    @Context
    SecurityContext security;

    /** Any caller with a valid token: who it is, as the container and the token say. */
    @GET
    @PermitAll
    public Response caller() {
        Principal principal = security.getUserPrincipal();
        if (principal == null) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Json.createObjectBuilder().add("error", "no token").build()).build();
        }
        JsonArrayBuilder groups = Json.createArrayBuilder();
        jwt.getGroups().forEach(groups::add);
        return Response.ok(Json.createObjectBuilder()
                .add("caller", principal.getName())
                .add("jwtName", jwt.getName())
                .add("subject", jwt.getSubject())
                .add("groups", groups)
                .add("admin", security.isUserInRole("admin"))
                .add("nurse", security.isUserInRole("nurse"))
                .build()).build();
    }

    /** Only for tokens whose groups hold "admin". */
    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public JsonObject admin() {
        return Json.createObjectBuilder().add("caller", security.getUserPrincipal().getName()).build();
    }
}
