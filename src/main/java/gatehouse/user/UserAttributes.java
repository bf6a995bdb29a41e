package gatehouse.user;

import java.util.Optional;

import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import gatehouse.store.Fields;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** A User body, checked: the typed fields have their types, the password is set apart. */
record UserAttributes(String userName, String email, Optional<String> password, boolean inactive, boolean unlock,
                      JsonObject all) {

    /** Bounds on what a client may store: each string, and the number of roles. */
    static final int MAX_LENGTH = 256;
    static final int MAX_ROLES = 100;

    /** Server-managed lock state: shown to root, cleared by root with {@code lockedUntil: null}. */
    static final java.util.Set<String> LOCK_STATE = java.util.Set.of("lockedUntil", "failedLogins");

    static UserAttributes of(JsonObject attributes) {
        JsonValue lockedUntil = attributes.get("lockedUntil");
        if (lockedUntil != null && lockedUntil != JsonValue.NULL) {
            throw Fields.wrongType("lockedUntil", "null (to clear the lock); it is set by the server");
        }
        Optional<String> password = Fields.string(attributes, "password");
        if (password.isPresent() && password.get().isEmpty()) {
            throw Fields.wrongType("password", "a non-empty string");
        }
        Fields.object(attributes, "name");
        Fields.object(attributes, "data");
        JsonValue roles = attributes.get("roles");
        if (roles != null && roles != JsonValue.NULL) {
            boolean valid = roles.getValueType() == JsonValue.ValueType.ARRAY && roles.asJsonArray().stream()
                    .allMatch(role -> role.getValueType() == JsonValue.ValueType.OBJECT
                            && role.asJsonObject().get("value") instanceof jakarta.json.JsonString);
            if (!valid) {
                throw Fields.wrongType("roles", "a list of {\"value\": \"<role>\"}");
            }
            if (roles.asJsonArray().size() > MAX_ROLES) {
                throw Fields.wrongType("roles", "at most " + MAX_ROLES + " roles");
            }
            roles.asJsonArray().forEach(role -> {
                String value = role.asJsonObject().getString("value");
                requireLength("roles.value", value);
                if (value.startsWith(Protocol.RESERVED_ROLE_PREFIX)) {
                    throw Fields.wrongType("roles.value", "a role name not starting with " + Protocol.RESERVED_ROLE_PREFIX
                            + " (reserved for the server)");
                }
            });
        }
        String userName = Fields.string(attributes, "userName").orElse(null);
        String email = Fields.string(attributes, "email").orElse(null);
        requireLength("userName", userName);
        requireLength("email", email);
        return new UserAttributes(
                userName,
                email,
                password,
                Fields.bool(attributes, "inactive").orElse(false),
                lockedUntil != null,
                attributes);
    }

    private static void requireLength(String field, String value) {
        if (value != null && (value.isEmpty() || value.length() > MAX_LENGTH)) {
            throw Fields.wrongType(field, "1 to " + MAX_LENGTH + " characters");
        }
    }

    JsonObject withoutPassword() {
        var stored = Jsonp.PROVIDER.createObjectBuilder(all).remove("password");
        LOCK_STATE.forEach(stored::remove);
        return stored.build();
    }

    java.util.List<String> roles() {
        JsonValue roles = all.get("roles");
        if (roles == null || roles.getValueType() != JsonValue.ValueType.ARRAY) {
            return java.util.List.of();
        }
        return roles.asJsonArray().stream().map(role -> role.asJsonObject().getString("value")).distinct().toList();
    }
}
