package gatehouse.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import gatehouse.error.Problem;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Typed reads of a resource's attributes; a wrong type is a 422 naming the field. */
public final class Fields {

    private Fields() {
    }

    public static Optional<String> string(JsonObject object, String path) {
        return value(object, path, JsonValue.ValueType.STRING, "a string").map(v -> ((jakarta.json.JsonString) v).getString());
    }

    public static Optional<Boolean> bool(JsonObject object, String path) {
        JsonValue value = at(object, path);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(value == JsonValue.TRUE);
        }
        throw wrongType(path, "true or false");
    }

    public static Optional<Long> positiveLong(JsonObject object, String path) {
        Optional<JsonValue> value = value(object, path, JsonValue.ValueType.NUMBER, "a positive integer");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        JsonNumber number = (JsonNumber) value.get();
        if (!number.isIntegral() || number.bigDecimalValue().signum() <= 0
                || number.bigIntegerValue().bitLength() > 40) {
            throw wrongType(path, "a positive integer (seconds)");
        }
        return Optional.of(number.longValue());
    }

    public static Optional<JsonObject> object(JsonObject object, String path) {
        return value(object, path, JsonValue.ValueType.OBJECT, "an object").map(JsonValue::asJsonObject);
    }

    public static List<String> strings(JsonObject object, String path) {
        Optional<JsonValue> value = value(object, path, JsonValue.ValueType.ARRAY, "a list of strings");
        List<String> strings = new ArrayList<>();
        value.ifPresent(array -> array.asJsonArray().forEach(element -> {
            if (element.getValueType() != JsonValue.ValueType.STRING) {
                throw wrongType(path, "a list of strings");
            }
            strings.add(((jakarta.json.JsonString) element).getString());
        }));
        return strings;
    }

    private static Optional<JsonValue> value(JsonObject object, String path, JsonValue.ValueType type, String expected) {
        JsonValue value = at(object, path);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != type) {
            throw wrongType(path, expected);
        }
        return Optional.of(value);
    }

    private static JsonValue at(JsonObject object, String path) {
        JsonValue current = object;
        for (String name : path.split("\\.")) {
            if (current == null || current.getValueType() != JsonValue.ValueType.OBJECT) {
                if (current != null && current != JsonValue.NULL) {
                    throw wrongType(path.substring(0, path.indexOf(name) - 1), "an object");
                }
                return null;
            }
            current = current.asJsonObject().get(name);
        }
        return current;
    }

    public static Problem wrongType(String path, String expected) {
        return Problem.unprocessable(path + " must be " + expected);
    }
}
