package gatehouse.user;

import java.util.Optional;

import gatehouse.store.Fields;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** A User body, checked: the typed fields have their types, the password is set apart. */
record UserAttributes(String userName, String email, Optional<String> password, boolean inactive, JsonObject all) {

    static UserAttributes of(JsonObject attributes) {
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
        }
        return new UserAttributes(
                Fields.string(attributes, "userName").orElse(null),
                Fields.string(attributes, "email").orElse(null),
                password,
                Fields.bool(attributes, "inactive").orElse(false),
                attributes);
    }

    JsonObject withoutPassword() {
        return Json.createObjectBuilder(all).remove("password").build();
    }
}
