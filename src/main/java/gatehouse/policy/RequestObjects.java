package gatehouse.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Jsonp;
import gatehouse.error.Problem;
import gatehouse.search.SearchQuery;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The request as matcho sees it (docs/access-policies.md): {@code uri}, {@code request-method},
 * {@code params}, the caller's {@code user} (without password) and {@code client},
 * {@code resource-type} and {@code resource-id} for resource paths, and for writes
 * the parsed {@code body}. One object per alternative of the search: a value with
 * commas ({@code org=a,b}) is a request for each, and a policy allows the search
 * only if it allows every one.
 */
final class RequestObjects {

    /** Alternatives of one search that the policies check, at most; each is one evaluation. */
    static final int MAX_ALTERNATIVES = 64;

    private RequestObjects() {
    }

    /**
     * @param path   the request's one parsed path
     * @param user   the caller's user as rendered, or null
     * @param client the caller's client id, or null
     * @param scope  the scopes of the caller's token (a sign-in's), space-separated, or null
     * @param body   the parsed body of a write, or null
     */
    static List<JsonObject> of(CanonicalPath path, String method, Map<String, List<String>> params, JsonObject user, String client,
                               String scope, JsonObject body) {
        JsonObjectBuilder common = Jsonp.PROVIDER.createObjectBuilder()
                .add("uri", path.path())
                .add("request-method", method);
        path.type().ifPresent(type -> common.add("resource-type", type));
        path.id().ifPresent(id -> common.add("resource-id", id));
        if (user != null) {
            common.add("user", user);
        }
        if (client != null) {
            common.add("client", Jsonp.PROVIDER.createObjectBuilder().add("id", client));
        }
        if (scope != null) {
            common.add("scope", Jsonp.PROVIDER.createArrayBuilder(List.of(scope.split(" "))));
        }
        if (body != null) {
            common.add("body", body);
        }
        JsonObject shared = common.build();
        List<JsonObject> objects = new ArrayList<>();
        for (Map<String, List<String>> variant : alternatives(params)) {
            JsonObjectBuilder values = Jsonp.PROVIDER.createObjectBuilder();
            variant.forEach((name, chosen) -> values.add(name, chosen.size() == 1
                    ? Jsonp.PROVIDER.createValue(chosen.get(0)) : array(chosen)));
            objects.add(Jsonp.PROVIDER.createObjectBuilder(shared).add("params", values).build());
        }
        return objects;
    }

    /** Every way to pick one alternative from each value of each parameter. */
    private static List<Map<String, List<String>>> alternatives(Map<String, List<String>> params) {
        List<Map<String, List<String>>> variants = List.of(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            for (String value : param.getValue()) {
                List<Map<String, List<String>>> next = new ArrayList<>();
                for (Map<String, List<String>> variant : variants) {
                    for (String alternative : SearchQuery.alternatives(param.getKey(), value)) {
                        Map<String, List<String>> extended = new LinkedHashMap<>(variant);
                        extended.merge(param.getKey(), List.of(alternative), RequestObjects::concat);
                        next.add(extended);
                    }
                }
                if (next.size() > MAX_ALTERNATIVES) {
                    throw Problem.forbidden("Forbidden: more than " + MAX_ALTERNATIVES
                            + " alternatives in this search for the access policies to check; split it");
                }
                variants = next;
            }
        }
        return variants;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    private static jakarta.json.JsonArray array(List<String> values) {
        JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
        values.forEach(array::add);
        return array.build();
    }
}
