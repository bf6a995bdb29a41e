package gatehouse.store;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Issuer;
import gatehouse.config.Jsonp;
import gatehouse.config.MediaTypes;
import gatehouse.config.Protocol;
import gatehouse.error.Problem;
import gatehouse.search.SearchQuery;
import gatehouse.search.Searches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The CRUD + search API (docs/api.md#resources), the same for every resource type. Types
 * with an endpoint of their own (Session) reuse these methods.
 */
@Path("{type}")
@ApplicationScoped
public class TypeResource {

    @Inject
    ResourceStores stores;

    @Inject
    Issuer issuer;

    @Inject
    Searches searches;

    @Context
    HttpServletRequest http;

    @Inject
    @ConfigProperty(name = "gatehouse.max.body.bytes")
    long maxBodyBytes;

    @GET
    public Response search(@PathParam("type") String type, @Context UriInfo uri, @Context HttpHeaders headers,
                           @Context SecurityContext caller) {
        Ids.requireValidType(type);
        ResourceStore store = stores.of(type);
        SearchQuery query = SearchQuery.parse(uri.getQueryParameters());
        boolean root = caller.isUserInRole(Protocol.ROOT_GROUP);
        if (!root) {
            // Bookkeeping only root sees is not there to search, sort or select for anyone else.
            query.fields().stream().filter(field -> store.rootOnlyFields().contains(field.split("\\.")[0])).findFirst()
                    .ifPresent(field -> {
                        throw Problem.invalid(type + " cannot be searched, sorted by or selected by " + field);
                    });
        }
        Searches.Page page = searches.run(store.searchTable(type), query);
        List<JsonObject> shown = page.resources().stream()
                .map(resource -> elements(forCaller(store, resource, caller), query.elements()))
                .toList();
        return ok(Bundle.of(page.total(), shown, page.next(), CanonicalPath.of(http), uri, issuer.base()), headers);
    }

    /** With {@code _elements}, only those top-level fields, and always resourceType, id and meta. */
    private static JsonObject elements(JsonObject resource, Set<String> elements) {
        if (elements == null) {
            return resource;
        }
        JsonObjectBuilder kept = Jsonp.PROVIDER.createObjectBuilder();
        resource.forEach((name, value) -> {
            if (elements.contains(name) || name.equals("resourceType") || name.equals("id") || name.equals("meta")) {
                kept.add(name, value);
            }
        });
        return kept.build();
    }

    @POST
    public Response create(@PathParam("type") String type, InputStream body, @Context UriInfo uri,
                           @Context HttpHeaders headers, @Context SecurityContext caller) {
        Ids.requireValidType(type);
        ResourceStore store = stores.of(type);
        JsonObject json = body(body, headers);
        String id = Resources.requestedId(json);
        JsonObject created = store.create(type, id != null ? id : Ids.newId(), fromCaller(store, Resources.attributes(type, id, json), caller));
        return Response.created(location(type, created.getString("id")))
                .entity(forCaller(store, created, caller))
                .type(MediaTypes.preferred(headers))
                .build();
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("type") String type, @PathParam("id") String id, @Context HttpHeaders headers,
                         @Context SecurityContext caller) {
        Ids.requireValidType(type);
        Ids.requireValidId(id);
        ResourceStore store = stores.of(type);
        return ok(forCaller(store, store.read(type, id).orElseThrow(() -> notFound(type, id)), caller), headers);
    }

    @PUT
    @Path("{id}")
    public Response put(@PathParam("type") String type, @PathParam("id") String id, InputStream body,
                        @Context UriInfo uri, @Context HttpHeaders headers, @Context SecurityContext caller) {
        Ids.requireValidType(type);
        Ids.requireValidId(id);
        ResourceStore store = stores.of(type);
        JsonObject attributes = fromCaller(store, Resources.attributes(type, id, body(body, headers)), caller);
        ResourceStore.Saved saved = store.put(type, id, attributes);
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(saved.created() ? location(type, id) : null)
                .entity(forCaller(store, saved.resource(), caller))
                .type(MediaTypes.preferred(headers))
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("type") String type, @PathParam("id") String id, @Context HttpHeaders headers,
                           @Context SecurityContext caller) {
        Ids.requireValidType(type);
        Ids.requireValidId(id);
        ResourceStore store = stores.of(type);
        return ok(forCaller(store, store.delete(type, id).orElseThrow(() -> notFound(type, id)), caller), headers);
    }

    /** The body as a JSON object; parsed already when the access policies looked at it. */
    private JsonObject body(InputStream body, HttpHeaders headers) {
        JsonObject kept = RequestBody.kept(http);
        return kept != null ? kept : Representation.parseObject(Representation.read(body, maxBodyBytes), headers.getMediaType());
    }

    /** A resource shown to the caller: the store's bookkeeping is root's alone to see. */
    private static JsonObject forCaller(ResourceStore store, JsonObject object, SecurityContext caller) {
        return without(store.rootOnlyFields(), object, caller);
    }

    /**
     * Attributes written by the caller: others than root do not set the store's
     * bookkeeping, except the fields the access policies guard as privileged
     * (a request gets here with one only when a policy names it).
     */
    private static JsonObject fromCaller(ResourceStore store, JsonObject object, SecurityContext caller) {
        Set<String> dropped = new java.util.HashSet<>(store.rootOnlyFields());
        dropped.removeAll(store.policyWritableFields());
        return without(dropped, object, caller);
    }

    private static JsonObject without(Set<String> rootOnly, JsonObject object, SecurityContext caller) {
        if (rootOnly.isEmpty() || caller.isUserInRole(Protocol.ROOT_GROUP) || rootOnly.stream().noneMatch(object::containsKey)) {
            return object;
        }
        JsonObjectBuilder kept = Jsonp.PROVIDER.createObjectBuilder(object);
        rootOnly.forEach(kept::remove);
        return kept.build();
    }

    private static Response ok(JsonObject entity, HttpHeaders headers) {
        return Response.ok(entity, MediaTypes.preferred(headers)).build();
    }

    /** Below the configured issuer, never the request's Host header. */
    private URI location(String type, String id) {
        return issuer.base().path(type).path(id).build();
    }

    static Problem notFound(String type, String id) {
        return Problem.notFound(type + "/" + id + " not found");
    }
}
