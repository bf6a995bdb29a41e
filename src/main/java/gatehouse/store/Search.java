package gatehouse.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Runs a {@link SearchQuery} over resources: filter, sort (id ascending last), page. */
public final class Search {

    public record Page(int total, List<JsonObject> resources) {

        public Page map(java.util.function.UnaryOperator<JsonObject> shown) {
            return new Page(total, resources.stream().map(shown).toList());
        }
    }

    private Search() {
    }

    public static Page run(List<JsonObject> resources, SearchQuery query) {
        List<JsonObject> matches = new ArrayList<>();
        for (JsonObject resource : resources) {
            if (matches(resource, query)) {
                matches.add(resource);
            }
        }
        matches.sort(comparator(query.sort()));
        int from = (int) Math.min(query.offset(), matches.size());
        int to = (int) Math.min((long) from + query.count(), matches.size());
        return new Page(matches.size(), List.copyOf(matches.subList(from, to)));
    }

    static boolean matches(JsonObject resource, SearchQuery query) {
        if (query.ids() != null && !query.ids().contains(resource.getString("id", ""))) {
            return false;
        }
        for (SearchQuery.Filter filter : query.filters()) {
            if (values(resource, filter.path()).noneMatch(value -> filter.anyOf().stream().anyMatch(wanted -> equal(value, wanted)))) {
                return false;
            }
        }
        return true;
    }

    /** Every value at the path; arrays on the way fan out. */
    static Stream<JsonValue> values(JsonValue value, List<String> path) {
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            return value.asJsonArray().stream().flatMap(element -> values(element, path));
        }
        if (path.isEmpty()) {
            return Stream.of(value);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return Stream.empty();
        }
        JsonValue next = value.asJsonObject().get(path.get(0));
        return next == null ? Stream.empty() : values(next, path.subList(1, path.size()));
    }

    static boolean equal(JsonValue value, String wanted) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString().equals(wanted);
            case NUMBER -> {
                try {
                    yield ((JsonNumber) value).bigDecimalValue().compareTo(new BigDecimal(wanted)) == 0;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            case TRUE -> "true".equals(wanted);
            case FALSE -> "false".equals(wanted);
            case NULL -> "null".equals(wanted);
            default -> false;
        };
    }

    static Comparator<JsonObject> comparator(List<SearchQuery.SortKey> keys) {
        Comparator<JsonObject> comparator = (a, b) -> 0;
        for (SearchQuery.SortKey key : keys) {
            Comparator<JsonObject> byKey = (a, b) -> compareValues(first(a, key.path()), first(b, key.path()), key.descending());
            comparator = comparator.thenComparing(byKey);
        }
        return comparator.thenComparing(resource -> resource.getString("id", ""));
    }

    private static JsonValue first(JsonObject resource, List<String> path) {
        return values(resource, path).findFirst().orElse(null);
    }

    /** Missing values sort last either way; values of different kinds sort by kind. */
    private static int compareValues(JsonValue a, JsonValue b, boolean descending) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? 1 : -1);
        }
        int result;
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            result = x.bigDecimalValue().compareTo(y.bigDecimalValue());
        } else if (a instanceof JsonString x && b instanceof JsonString y) {
            result = x.getString().compareTo(y.getString());
        } else if (a.getValueType() == b.getValueType()) {
            result = a.toString().compareTo(b.toString());
        } else {
            result = a.getValueType().compareTo(b.getValueType());
        }
        return descending ? -result : result;
    }
}
