package gatehouse.store;

import java.time.Instant;
import java.util.Set;

import gatehouse.config.Jsonp;
import gatehouse.error.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** The shape every stored resource shares: resourceType, id, meta, attributes. */
public final class Resources {

    private static final Set<String> ENVELOPE = Set.of("resourceType", "id", "meta");

    private Resources() {
    }

    public static JsonObject render(String type, String id, long versionId, long lastUpdatedMillis, JsonObject attributes) {
        JsonObjectBuilder resource = Jsonp.PROVIDER.createObjectBuilder()
                .add("resourceType", type)
                .add("id", id)
                .add("meta", Jsonp.PROVIDER.createObjectBuilder()
                        .add("versionId", Long.toString(versionId))
                        .add("lastUpdated", Instant.ofEpochMilli(lastUpdatedMillis).toString()));
        attributes.forEach((name, value) -> {
            if (!ENVELOPE.contains(name)) {
                resource.add(name, value);
            }
        });
        return resource.build();
    }

    /**
     * The attributes of a request body for {@code type}/{@code id}; the body's own
     * resourceType and id, when present, must agree with the URL. Server-managed
     * {@code meta} is ignored.
     */
    public static JsonObject attributes(String type, String id, JsonObject body) {
        JsonValue bodyType = body.get("resourceType");
        if (bodyType != null && !Jsonp.PROVIDER.createValue(type).equals(bodyType)) {
            throw Problem.invalid("resourceType in the body (" + bodyType + ") does not match the URL (" + type + ")");
        }
        JsonValue bodyId = body.get("id");
        if (bodyId != null && id != null && !Jsonp.PROVIDER.createValue(id).equals(bodyId)) {
            throw Problem.invalid("id in the body (" + bodyId + ") does not match the URL (" + id + ")");
        }
        JsonObjectBuilder attributes = Jsonp.PROVIDER.createObjectBuilder();
        body.forEach((name, value) -> {
            if (!ENVELOPE.contains(name)) {
                attributes.add(name, value);
            }
        });
        return attributes.build();
    }

    /** The id a POST body asks for, if any. */
    public static String requestedId(JsonObject body) {
        JsonValue id = body.get("id");
        if (id == null) {
            return null;
        }
        if (id.getValueType() != JsonValue.ValueType.STRING) {
            throw Problem.invalid("id must be a string");
        }
        return Ids.requireValidId(body.getString("id"));
    }

    public static JsonObject parse(String json) {
        try (var reader = Jsonp.PROVIDER.createReader(new java.io.StringReader(json))) {
            return reader.readObject();
        }
    }
}
