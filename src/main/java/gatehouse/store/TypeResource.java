package gatehouse.store;

import java.io.InputStream;
import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The CRUD + search API of API.md §2, the same for every resource type. */
@Path("{type}")
@ApplicationScoped
public class TypeResource {

    @Inject
    ResourceStores stores;

    @Inject
    @ConfigProperty(name = "gatehouse.max.body.bytes")
    long maxBodyBytes;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @GET
    public Response search(@PathParam("type") String type) {
        Ids.requireValidType(type);
        SearchQuery query = SearchQuery.parse(uri.getQueryParameters());
        Search.Page page = Search.run(stores.of(type).list(type), query);
        return ok(Bundle.of(page, query, uri));
    }

    @POST
    public Response create(@PathParam("type") String type, InputStream body) {
        Ids.requireValidType(type);
        JsonObject json = body(body);
        String id = Resources.requestedId(json);
        JsonObject created = stores.of(type).create(type, id != null ? id : Ids.newId(), Resources.attributes(type, id, json));
        return Response.created(location(type, created.getString("id")))
                .entity(created)
                .type(MediaTypes.preferred(headers))
                .build();
    }

    @DELETE
    public Response deleteType(@PathParam("type") String type) {
        Ids.requireValidType(type);
        return ok(stores.of(type).deleteType(type));
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("type") String type, @PathParam("id") String id) {
        Ids.requireValidType(type);
        Ids.requireValidId(id);
        return ok(stores.of(type).read(type, id).orElseThrow(() -> notFound(type, id)));
    }

    @PUT
    @Path("{id}")
    public Response put(@PathParam("type") String type, @PathParam("id") String id, InputStream body) {
        Ids.requireValidType(type);
        Ids.requireValidId(id);
        JsonObject attributes = Resources.attributes(type, id, body(body));
        ResourceStore.Saved saved = stores.of(type).put(type, id, attributes);
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(saved.created() ? location(type, id) : null)
                .entity(saved.resource())
                .type(MediaTypes.preferred(headers))
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("type") String type, @PathParam("id") String id) {
        Ids.requireValidType(type);
        Ids.requireValidId(id);
        return ok(stores.of(type).delete(type, id).orElseThrow(() -> notFound(type, id)));
    }

    private JsonObject body(InputStream body) {
        return Representation.parseObject(Representation.read(body, maxBodyBytes), headers.getMediaType());
    }

    private Response ok(JsonObject entity) {
        return Response.ok(entity, MediaTypes.preferred(headers)).build();
    }

    private URI location(String type, String id) {
        return uri.getBaseUriBuilder().path(type).path(id).build();
    }

    static NotFoundException notFound(String type, String id) {
        return new NotFoundException(type + "/" + id + " not found");
    }
}
