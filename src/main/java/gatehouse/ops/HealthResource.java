package gatehouse.ops;

import java.util.List;

import gatehouse.config.Jsonp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The MicroProfile Health 4 endpoints, in its JSON shape
 * ({@code {"status":"UP","checks":[{"name":…,"status":…}]}}, 200 when UP, 503 when
 * DOWN), served by the WAR itself rather than a server's health subsystem, so that
 * Payara and WildFly answer alike (docs/operating.md). Public: a load
 * balancer probes without credentials, and nothing here is a secret.
 */
@Path("health")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    Readiness readiness;

    /** Every check: liveness, readiness and start-up together. */
    @GET
    public Response all() {
        boolean started = readiness.isStarted();
        return health(List.of(check("alive", true), check("started", started),
                check("database", started && readiness.databaseReachable())));
    }

    /** The JVM serves requests: no check can fail while this answers at all. */
    @GET
    @Path("live")
    public Response live() {
        return health(List.of(check("alive", true)));
    }

    /** Migrations applied and signing keys loaded; stays UP while the database is away. */
    @GET
    @Path("started")
    public Response started() {
        return health(List.of(check("started", readiness.isStarted())));
    }

    /** Started, and the database reachable now: DOWN during an outage, UP again by itself after it. */
    @GET
    @Path("ready")
    public Response ready() {
        boolean started = readiness.isStarted();
        return health(List.of(check("started", started), check("database", started && readiness.databaseReachable())));
    }

    private static Check check(String name, boolean up) {
        return new Check(name, up);
    }

    private static Response health(List<Check> checks) {
        boolean up = checks.stream().allMatch(Check::up);
        JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
        checks.forEach(check -> list.add(Jsonp.PROVIDER.createObjectBuilder()
                .add("name", check.name()).add("status", check.up() ? "UP" : "DOWN")));
        JsonObject body = Jsonp.PROVIDER.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", list).build();
        return Response.status(up ? 200 : 503).entity(body).header("Cache-Control", "no-store").build();
    }

    private record Check(String name, boolean up) {
    }
}
