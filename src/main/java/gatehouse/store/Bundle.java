package gatehouse.store;

import gatehouse.config.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/** A searchset Bundle with {@code self} and, when more pages follow, {@code next}. */
final class Bundle {

    private Bundle() {
    }

    /** @param base the server's own address: links are built on it, not on the request's Host header */
    static JsonObject of(Search.Page page, SearchQuery query, UriInfo uri, UriBuilder base) {
        UriBuilder self = base.path(uri.getPath(false)).replaceQuery(uri.getRequestUri().getRawQuery());
        JsonArrayBuilder entries = Jsonp.PROVIDER.createArrayBuilder();
        page.resources().forEach(resource -> entries.add(Jsonp.PROVIDER.createObjectBuilder().add("resource", resource)));
        JsonArrayBuilder links = Jsonp.PROVIDER.createArrayBuilder()
                .add(link("self", self.build().toString()));
        if (query.offset() + query.count() < page.total() && query.count() > 0) {
            String next = self.replaceQueryParam("_page", query.page() + 1).build().toString();
            links.add(link("next", next));
        }
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("resourceType", "Bundle")
                .add("type", "searchset")
                .add("total", page.total())
                .add("entry", entries)
                .add("link", links)
                .build();
    }

    private static JsonObject link(String relation, String url) {
        return Jsonp.PROVIDER.createObjectBuilder().add("relation", relation).add("url", url).build();
    }
}
