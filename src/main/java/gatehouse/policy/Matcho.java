package gatehouse.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Aidbox's matcho patterns (docs/access-policies.md), compiled once. An object matches when
 * every key of the pattern matches the same key of the value; a list matches
 * when each of its elements matches some element of the value's list; a string
 * starting with {@code #} is a regular expression over the whole string value; a
 * string starting with {@code .} is a reference to a value of the request object
 * ({@code .user.id}), compared by equality (a missing reference never matches);
 * {@code present?} matches any value that is there and not null, {@code nil?} an
 * absent key or null; {@code {"$one-of": [...]}} matches when any listed pattern
 * does; other scalars compare equal. Regular expressions run on RE2/J, whose
 * matching time is linear in the input: a policy cannot be made to backtrack
 * catastrophically. Matching is a pure function of the value and the request.
 */
public sealed interface Matcho {

    /** Longest string value a regular expression is run on: a bound on backtracking work. */
    int MAX_REGEX_INPUT = 4096;

    java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+){0,7}");

    /**
     * @param value   the value at this place of the request, null when absent
     * @param request the whole request object, which references point into
     */
    boolean matches(JsonValue value, JsonObject request);

    /** Where the value first fails to match, as a path below {@code at}; empty when it matches. */
    default Optional<String> mismatch(JsonValue value, JsonObject request, String at) {
        return matches(value, request) ? Optional.empty() : Optional.of(at);
    }

    /** The keys an object pattern (or any alternative of a {@code $one-of}) names, for the privileged-field rule. */
    default Set<String> namedKeys() {
        return Set.of();
    }

    /** @throws IllegalArgumentException for a pattern that cannot be compiled, naming where */
    static Matcho compile(JsonValue pattern) {
        return compile(pattern, "matcho");
    }

    private static Matcho compile(JsonValue pattern, String where) {
        switch (pattern.getValueType()) {
            case OBJECT -> {
                JsonObject object = pattern.asJsonObject();
                if (object.containsKey("$one-of")) {
                    if (object.size() != 1 || object.get("$one-of").getValueType() != JsonValue.ValueType.ARRAY) {
                        throw new IllegalArgumentException(where + ": $one-of takes a list of patterns and stands alone");
                    }
                    List<Matcho> alternatives = new ArrayList<>();
                    int i = 0;
                    for (JsonValue alternative : object.getJsonArray("$one-of")) {
                        alternatives.add(compile(alternative, where + ".$one-of[" + i++ + "]"));
                    }
                    return new OneOf(List.copyOf(alternatives));
                }
                Map<String, Matcho> keys = new LinkedHashMap<>();
                object.forEach((key, sub) -> {
                    if (key.startsWith("$")) {
                        throw new IllegalArgumentException(where + "." + key + ": unknown operator " + key + " (known: $one-of)");
                    }
                    keys.put(key, compile(sub, where + "." + key));
                });
                return new ObjectPattern(Collections.unmodifiableMap(keys));
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
                if (string.startsWith(".")) {
                    if (!REFERENCE.matcher(string).matches()) {
                        throw new IllegalArgumentException(where + ": malformed reference " + string
                                + " (a dot, then names of letters, digits, '-' and '_' joined by dots, such as .user.id)");
                    }
                    return new Reference(List.of(string.substring(1).split("\\.")));
                }
                return switch (string) {
                    case "present?" -> Present.INSTANCE;
                    case "nil?" -> Nil.INSTANCE;
                    default -> new Equal(pattern);
                };
            }
            default -> {
                return new Equal(pattern);
            }
        }
    }

    /** Scalars as JSON compares them, numbers by value: 1.0 and 1 are the same number. */
    static boolean same(JsonValue expected, JsonValue value) {
        if (expected instanceof JsonNumber number && value instanceof JsonNumber actual) {
            BigDecimal a = number.bigDecimalValue();
            return a.compareTo(actual.bigDecimalValue()) == 0;
        }
        return expected.equals(value);
    }

    record ObjectPattern(Map<String, Matcho> keys) implements Matcho {
        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
                return false;
            }
            JsonObject object = value.asJsonObject();
            for (Map.Entry<String, Matcho> key : keys.entrySet()) {
                if (!key.getValue().matches(object.get(key.getKey()), request)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Optional<String> mismatch(JsonValue value, JsonObject request, String at) {
            if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
                return Optional.of(at);
            }
            JsonObject object = value.asJsonObject();
            for (Map.Entry<String, Matcho> key : keys.entrySet()) {
                Optional<String> failed = key.getValue().mismatch(object.get(key.getKey()), request,
                        at.isEmpty() ? key.getKey() : at + "." + key.getKey());
                if (failed.isPresent()) {
                    return failed;
                }
            }
            return Optional.empty();
        }

        @Override
        public Set<String> namedKeys() {
            return keys.keySet();
        }
    }

    record ListPattern(List<Matcho> elements) implements Matcho {
        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
                return false;
            }
            var array = value.asJsonArray();
            return elements.stream().allMatch(element -> array.stream().anyMatch(member -> element.matches(member, request)));
        }
    }

    record RegexPattern(Pattern regex) implements Matcho {
        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            if (!(value instanceof JsonString string) || string.getString().length() > MAX_REGEX_INPUT) {
                return false;
            }
            return regex.matcher(string.getString()).matches();
        }
    }

    record Equal(JsonValue expected) implements Matcho {
        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            return value != null && same(expected, value);
        }
    }

    /** {@code .user.id}: equal to that value of the request object, which must be there. */
    record Reference(List<String> path) implements Matcho {
        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            JsonValue target = request;
            for (String name : path) {
                if (target == null || target.getValueType() != JsonValue.ValueType.OBJECT) {
                    return false;
                }
                target = target.asJsonObject().get(name);
            }
            return target != null && target != JsonValue.NULL && value != null && same(target, value);
        }
    }

    enum Present implements Matcho {
        INSTANCE;

        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            return value != null && value != JsonValue.NULL;
        }
    }

    enum Nil implements Matcho {
        INSTANCE;

        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            return value == null || value == JsonValue.NULL;
        }
    }

    record OneOf(List<Matcho> alternatives) implements Matcho {
        @Override
        public boolean matches(JsonValue value, JsonObject request) {
            for (Matcho alternative : alternatives) {
                if (alternative.matches(value, request)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Set<String> namedKeys() {
            Set<String> named = new LinkedHashSet<>();
            alternatives.forEach(alternative -> named.addAll(alternative.namedKeys()));
            return named;
        }
    }
}
