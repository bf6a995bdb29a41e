package gatehouse.ops;

import gatehouse.telemetry.Meters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The meters in the Prometheus text format (0.0.4). Not public: the root client
 * reads it, or any caller an access policy allows {@code GET /metrics} (a scrape
 * client of its own, docs/operating.md).
 */
@Path("metrics")
@ApplicationScoped
public class MetricsResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Meters meters;

    @GET
    public Response scrape() {
        return Response.ok(meters.scrape(), PROMETHEUS_TEXT).header("Cache-Control", "no-store").build();
    }
}
