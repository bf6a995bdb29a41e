package gatehouse.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Aidbox's matcho patterns, compiled once. An object matches when every key of
 * the pattern matches the same key of the value (a missing key fails); a string
 * starting with {@code #} is a regular expression over the whole string value;
 * a list matches when each of its elements matches some element of the value's
 * list; other scalars compare equal. Regular expressions run on RE2/J, whose
 * matching time is linear in the input: a policy cannot be made to backtrack
 * catastrophically.
 */
public sealed interface Matcho {

    /** Longest string value a regular expression is run on: a bound on backtracking work. */
    int MAX_REGEX_INPUT = 4096;

    boolean matches(JsonValue value);

    /** @throws IllegalArgumentException for a pattern that cannot be compiled, naming where */
    static Matcho compile(JsonValue pattern) {
        return compile(pattern, "matcho");
    }

    private static Matcho compile(JsonValue pattern, String where) {
        switch (pattern.getValueType()) {
            case OBJECT -> {
                Map<String, Matcho> keys = new LinkedHashMap<>();
                pattern.asJsonObject().forEach((key, sub) -> keys.put(key, compile(sub, where + "." + key)));
                return new ObjectPattern(Map.copyOf(keys));
            }
            case ARRAY -> {
                List<Matcho> elements = new ArrayList<>();
                int i = 0;
                for (JsonValue element : pattern.asJsonArray()) {
                    elements.add(compile(element, where + "[" + i++ + "]"));
                }
                return new ListPattern(List.copyOf(elements));
            }
            case STRING -> {
                String string = ((JsonString) pattern).getString();
                if (string.startsWith("#")) {
                    try {
                        return new RegexPattern(Pattern.compile(string.substring(1)));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(where + ": invalid regular expression: " + e.getMessage());
                    }
                }
                return new Equal(pattern);
            }
            default -> {
                return new Equal(pattern);
            }
        }
    }

    record ObjectPattern(Map<String, Matcho> keys) implements Matcho {
        @Override
        public boolean matches(JsonValue value) {
            if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
                return false;
            }
            var object = value.asJsonObject();
            for (var key : keys.entrySet()) {
                JsonValue member = object.get(key.getKey());
                if (member == null || !key.getValue().matches(member)) {
                    return false;
                }
            }
            return true;
        }
    }

    record ListPattern(List<Matcho> elements) implements Matcho {
        @Override
        public boolean matches(JsonValue value) {
            if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
                return false;
            }
            var array = value.asJsonArray();
            return elements.stream().allMatch(element -> array.stream().anyMatch(element::matches));
        }
    }

    record RegexPattern(Pattern regex) implements Matcho {
        @Override
        public boolean matches(JsonValue value) {
            if (!(value instanceof JsonString string) || string.getString().length() > MAX_REGEX_INPUT) {
                return false;
            }
            return regex.matcher(string.getString()).matches();
        }
    }

    record Equal(JsonValue expected) implements Matcho {
        @Override
        public boolean matches(JsonValue value) {
            if (expected instanceof JsonNumber number && value instanceof JsonNumber actual) {
                BigDecimal a = number.bigDecimalValue();
                return a.compareTo(actual.bigDecimalValue()) == 0;
            }
            return expected.equals(value);
        }
    }
}
