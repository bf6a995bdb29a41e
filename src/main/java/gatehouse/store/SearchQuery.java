package gatehouse.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import gatehouse.error.Problem;

/**
 * A parsed, validated search: {@code _count}, {@code _page}, {@code _sort},
 * {@code _id} and equality filters on top-level or dotted fields. Repeating a
 * filter means all of them must hold; a comma inside one value means any of them.
 */
public record SearchQuery(int count, int page, List<SortKey> sort, Set<String> ids, List<Filter> filters) {

    public static final int DEFAULT_COUNT = 100;
    public static final int MAX_COUNT = 1000;
    static final int MAX_PARAMETERS = 64;
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-]{0,63}(\\.[A-Za-z][A-Za-z0-9_\\-]{0,63}){0,7}");

    public record SortKey(List<String> path, boolean descending) {
    }

    public record Filter(List<String> path, Set<String> anyOf) {
    }

    public static SearchQuery parse(Map<String, List<String>> parameters) {
        if (parameters.size() > MAX_PARAMETERS) {
            throw Problem.invalid("Too many search parameters (at most " + MAX_PARAMETERS + ")");
        }
        int count = DEFAULT_COUNT;
        int page = 1;
        List<SortKey> sort = List.of();
        Set<String> ids = null;
        List<Filter> filters = new ArrayList<>();
        for (var entry : parameters.entrySet()) {
            String name = entry.getKey();
            List<String> values = entry.getValue();
            if (name.startsWith("_")) {
                String value = single(name, values);
                switch (name) {
                    case "_count" -> count = integer(name, value, 0, MAX_COUNT);
                    case "_page" -> page = integer(name, value, 1, Integer.MAX_VALUE);
                    case "_sort" -> sort = sortKeys(value);
                    case "_id" -> ids = new LinkedHashSet<>(alternatives(name, value));
                    default -> throw Problem.invalid("Unknown search parameter " + name
                            + "; supported: _count, _page, _sort, _id and <field>=<value>");
                }
            } else {
                List<String> path = path(name);
                for (String value : values) {
                    filters.add(new Filter(path, new LinkedHashSet<>(alternatives(name, value))));
                }
            }
        }
        return new SearchQuery(count, page, sort, ids, List.copyOf(filters));
    }

    /**
     * What one value of a search parameter means: alternatives, any of which may
     * match ({@code org=a,b}) for filters and {@code _id}; the value itself for the
     * other {@code _} parameters, whose commas list keys, not alternatives.
     */
    public static List<String> alternatives(String name, String value) {
        return name.startsWith("_") && !name.equals("_id") ? List.of(value) : Arrays.asList(value.split(",", -1));
    }

    /** The zero-based index of this page's first match. */
    public long offset() {
        return (long) (page - 1) * count;
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw Problem.invalid("Search parameter " + name + " given more than once");
        }
        return values.get(0);
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int number = value.matches("-?[0-9]{1,10}") ? Integer.parseInt(value) : Integer.MIN_VALUE;
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.invalid(name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
    }

    private static List<SortKey> sortKeys(String value) {
        List<SortKey> keys = new ArrayList<>();
        for (String field : value.split(",", -1)) {
            boolean descending = field.startsWith("-");
            String name = descending ? field.substring(1) : field;
            keys.add(new SortKey("lastUpdated".equals(name) ? List.of("meta", "lastUpdated") : path(name), descending));
        }
        return List.copyOf(keys);
    }

    private static List<String> path(String field) {
        if (!FIELD.matcher(field).matches()) {
            throw Problem.invalid("Invalid field name '" + field + "'");
        }
        return List.of(field.split("\\."));
    }
}
