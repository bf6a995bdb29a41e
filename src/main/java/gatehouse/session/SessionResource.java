package gatehouse.session;

import java.time.Clock;

import gatehouse.config.MediaTypes;
import gatehouse.config.Protocol;
import gatehouse.error.OperationOutcome;
import gatehouse.error.Problem;
import gatehouse.search.SearchQuery;
import gatehouse.store.TypeResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /Session}: read, searched and deleted like any resource, never created
 * by clients (405), and {@code DELETE /Session}, which closes the Session of the
 * caller's own access token (docs/api.md#sessions).
 */
@Path(Session.TYPE)
@ApplicationScoped
public class SessionResource {

    @Inject
    TypeResource resources;

    @Inject
    Sessions sessions;

    @Inject
    Clock clock;

    /**
     * Without a search: closes the caller's own Session. With one (conditional delete,
     * docs/api.md#sessions): closes every open Session it matches, in one statement.
     */
    @DELETE
    public Response close(@Context SecurityContext context, @Context HttpHeaders headers, @Context UriInfo uri) {
        if (!uri.getQueryParameters().isEmpty()) {
            return closeMatching(SearchQuery.parse(uri.getQueryParameters()), headers);
        }
        Session own = CallerContext.of(context).session().orElseThrow(() -> new NotAuthorizedException(
                "DELETE /Session needs the Bearer token of the Session to close", Protocol.BEARER_CHALLENGE));
        sessions.closeNow(own.id(), clock.millis(), Sessions.LOGOUT);
        return Response.ok(sessions.find(own.id()).orElseThrow(() -> Problem.notFound("Session/" + own.id() + " not found")).render(), MediaTypes.preferred(headers)).build();
    }

    private Response closeMatching(SearchQuery query, HttpHeaders headers) {
        if (!query.selective()) {
            throw Problem.invalid("DELETE /Session with a search needs at least one filter (user.id=…, client.id=…, …)");
        }
        if (query.page() != null || query.cursor() != null || !query.sort().isEmpty() || query.elements() != null
                || query.count() != SearchQuery.DEFAULT_COUNT) {
            throw Problem.invalid("DELETE /Session takes filters only: no _count, _page, _cursor, _sort or _elements");
        }
        int closed = sessions.closeMatching(query, clock.millis());
        return Response.ok(OperationOutcome.information("Closed " + closed + (closed == 1 ? " Session" : " Sessions")),
                MediaTypes.preferred(headers)).build();
    }

    @GET
    public Response search(@Context UriInfo uri, @Context HttpHeaders headers, @Context SecurityContext caller) {
        return resources.search(Session.TYPE, uri, headers, caller);
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id, @Context HttpHeaders headers, @Context SecurityContext caller) {
        return resources.read(Session.TYPE, id, headers, caller);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context HttpHeaders headers, @Context SecurityContext caller) {
        return resources.delete(Session.TYPE, id, headers, caller);
    }
}
