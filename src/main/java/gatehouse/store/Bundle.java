package gatehouse.store;

import java.util.List;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/** A searchset Bundle with {@code self} and, when more pages follow, {@code next}. */
final class Bundle {

    private Bundle() {
    }

    /**
     * @param total null when not counted ({@code _total=none})
     * @param next  the cursor of the next page, or null on the last
     * @param path  the request's one parsed path, which the links repeat
     * @param base  the server's own address: links are built on it, not on the request's Host header
     */
    static JsonObject of(Long total, List<JsonObject> resources, String next, CanonicalPath path, UriInfo uri, UriBuilder base) {
        UriBuilder self = base.path(path.relative()).replaceQuery(uri.getRequestUri().getRawQuery());
        JsonArrayBuilder entries = Jsonp.PROVIDER.createArrayBuilder();
        resources.forEach(resource -> entries.add(Jsonp.PROVIDER.createObjectBuilder().add("resource", resource)));
        JsonArrayBuilder links = Jsonp.PROVIDER.createArrayBuilder()
                .add(link("self", self.build().toString()));
        if (next != null) {
            links.add(link("next", self.replaceQueryParam("_page").replaceQueryParam("_cursor", next).build().toString()));
        }
        JsonObjectBuilder bundle = Jsonp.PROVIDER.createObjectBuilder()
                .add("resourceType", "Bundle")
                .add("type", "searchset");
        if (total != null) {
            bundle.add("total", total);
        }
        return bundle.add("entry", entries).add("link", links).build();
    }

    private static JsonObject link(String relation, String url) {
        return Jsonp.PROVIDER.createObjectBuilder().add("relation", relation).add("url", url).build();
    }
}
