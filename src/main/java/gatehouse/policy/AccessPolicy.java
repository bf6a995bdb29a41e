package gatehouse.policy;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import gatehouse.error.Problem;
import gatehouse.store.Fields;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A compiled AccessPolicy: its engine, its pattern and whom it is linked to.
 * {@link #of} is also the validation of a policy body: what it refuses is a 422.
 */
public record AccessPolicy(String id, Engine engine, Matcho pattern, Set<String> users, Set<String> clients) {

    public static final String TYPE = "AccessPolicy";

    public enum Engine { ALLOW, MATCHO }

    /** Whether the policy speaks for this caller: linked to its user or client, or linked to nobody. */
    public boolean appliesTo(String userId, String clientId) {
        if (users.isEmpty() && clients.isEmpty()) {
            return true;
        }
        return (userId != null && users.contains(userId)) || (clientId != null && clients.contains(clientId));
    }

    public boolean allows(JsonObject request) {
        return allows(() -> request);
    }

    /** An allow policy never looks at the request, so it is not built for one. */
    boolean allows(Supplier<JsonObject> request) {
        return engine == Engine.ALLOW || pattern.matches(request.get());
    }

    static AccessPolicy of(String id, JsonObject attributes) {
        String engineName = Fields.string(attributes, "engine")
                .orElseThrow(() -> Problem.unprocessable("engine is required: allow or matcho"));
        Engine engine = switch (engineName) {
            case "allow" -> Engine.ALLOW;
            case "matcho" -> Engine.MATCHO;
            default -> throw Problem.unprocessable("engine must be allow or matcho, not '" + engineName + "'");
        };
        JsonValue matcho = attributes.get("matcho");
        Matcho pattern = null;
        if (engine == Engine.MATCHO) {
            if (matcho == null || matcho.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Problem.unprocessable("engine matcho needs a matcho object");
            }
            try {
                pattern = Matcho.compile(matcho);
            } catch (IllegalArgumentException e) {
                throw Problem.unprocessable(e.getMessage());
            }
        } else if (matcho != null) {
            throw Problem.unprocessable("matcho is only allowed with engine matcho");
        }
        Set<String> users = new HashSet<>();
        Set<String> clients = new HashSet<>();
        JsonValue link = attributes.get("link");
        if (link != null) {
            if (link.getValueType() != JsonValue.ValueType.ARRAY) {
                throw Problem.unprocessable("link must be a list of references to User or Client");
            }
            for (JsonValue reference : link.asJsonArray()) {
                if (reference.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw Problem.unprocessable("link entries must be {\"resourceType\": \"User\"|\"Client\", \"id\": \"…\"}");
                }
                JsonObject ref = reference.asJsonObject();
                String type = Fields.string(ref, "resourceType").orElse("");
                String refId = Fields.string(ref, "id")
                        .orElseThrow(() -> Problem.unprocessable("every link entry needs an id"));
                switch (type) {
                    case "User" -> users.add(refId);
                    case "Client" -> clients.add(refId);
                    default -> throw Problem.unprocessable("link entries must reference a User or a Client, not '" + type + "'");
                }
            }
        }
        return new AccessPolicy(id, engine, pattern, Set.copyOf(users), Set.copyOf(clients));
    }
}
