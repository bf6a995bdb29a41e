package gatehouse.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
public record AccessPolicy(String id, Engine engine, Matcho pattern, boolean linked, Set<String> users, Set<String> clients,
                           boolean readsBody, Set<String> bodyFields) {

    public static final String TYPE = "AccessPolicy";

    public enum Engine { ALLOW, MATCHO }

    /** Whether the policy speaks for this caller: without {@code link}, for everyone; else for its user or client. */
    public boolean appliesTo(String userId, String clientId) {
        if (!linked) {
            return true;
        }
        return (userId != null && users.contains(userId)) || (clientId != null && clients.contains(clientId));
    }

    /**
     * Whether the policy allows every alternative of the request (a search value
     * {@code a,b} is two requests). An allow policy never looks at the request, so
     * it is not built for one.
     */
    boolean allows(Supplier<List<JsonObject>> alternatives) {
        if (engine == Engine.ALLOW) {
            return true;
        }
        for (JsonObject request : alternatives.get()) {
            if (!pattern.matches(request, request)) {
                return false;
            }
        }
        return true;
    }

    /** The first key of the pattern that the request does not match (its first failing alternative); empty if allowed. */
    Optional<String> mismatch(List<JsonObject> alternatives) {
        if (engine == Engine.ALLOW) {
            return Optional.empty();
        }
        for (JsonObject request : alternatives) {
            Optional<String> failed = pattern.mismatch(request, request, "");
            if (failed.isPresent()) {
                return failed.map(path -> path.isEmpty() ? "matcho" : path);
            }
        }
        return Optional.empty();
    }

    /** The body fields a pattern names, through {@code $one-of} alternatives at the top and below {@code body}. */
    private static Set<String> bodyFields(Matcho pattern) {
        if (pattern instanceof Matcho.ObjectPattern object) {
            Matcho body = object.keys().get("body");
            return body == null ? Set.of() : body.namedKeys();
        }
        if (pattern instanceof Matcho.OneOf oneOf) {
            Set<String> fields = new java.util.LinkedHashSet<>();
            oneOf.alternatives().forEach(alternative -> fields.addAll(bodyFields(alternative)));
            return fields;
        }
        return Set.of();
    }

    private static boolean readsBody(Matcho pattern) {
        if (pattern instanceof Matcho.ObjectPattern object) {
            return object.keys().containsKey("body");
        }
        return pattern instanceof Matcho.OneOf oneOf && oneOf.alternatives().stream().anyMatch(AccessPolicy::readsBody);
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
            if (link.asJsonArray().isEmpty()) {
                // An empty list would read as "linked to nobody" to some and "to everyone" to others: neither is written.
                throw Problem.unprocessable("link must not be empty; leave it out to apply the policy to every caller");
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
        return new AccessPolicy(id, engine, pattern, link != null, Set.copyOf(users), Set.copyOf(clients),
                pattern != null && readsBody(pattern), pattern == null ? Set.of() : Set.copyOf(bodyFields(pattern)));
    }
}
