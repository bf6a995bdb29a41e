package gatehouse.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import gatehouse.error.Problem;

/**
 * A parsed, validated search (docs/search.md): {@code _count}, {@code _page},
 * {@code _cursor}, {@code _sort}, {@code _id}, {@code _elements}, {@code _total}
 * and filters on top-level or dotted fields, with {@code :missing}. Repeating a
 * filter means all of them must hold; a comma inside one value means any of them.
 * What a filter's values mean (prefixes, dates) depends on the field, and is
 * decided when the search is turned into SQL.
 */
public record SearchQuery(int count, Integer page, String cursor, List<SortKey> sort, Set<String> ids, List<Filter> filters,
                          Set<String> elements, boolean total) {

    public static final int DEFAULT_COUNT = 100;
    public static final int MAX_COUNT = 1000;
    /** The field of {@code _lastUpdated} (and of {@code _sort=lastUpdated}). */
    public static final String LAST_UPDATED = "_lastUpdated";
    static final int MAX_PARAMETERS = 64;
    static final int MAX_ALTERNATIVES = 100;
    static final int MAX_VALUE_LENGTH = 4096;
    static final String SEGMENT = "[A-Za-z][A-Za-z0-9_\\-]{0,63}";
    static final int MAX_DEPTH = 8;
    private static final Pattern FIELD = Pattern.compile(SEGMENT + "(\\." + SEGMENT + "){0," + (MAX_DEPTH - 1) + "}");
    private static final Pattern ELEMENT = Pattern.compile(SEGMENT);
    private static final Set<String> HIDDEN = Set.of("password", "secret");

    /** @param field the dotted name, or {@link #LAST_UPDATED} */
    public record SortKey(String field, boolean descending) {
    }

    /**
     * @param missing with {@code :missing}, whether the field must be absent; then
     *                {@code anyOf} is empty
     */
    public record Filter(String field, Boolean missing, List<String> anyOf) {
    }

    public static SearchQuery parse(Map<String, List<String>> parameters) {
        if (parameters.size() > MAX_PARAMETERS) {
            throw Problem.invalid("Too many search parameters (at most " + MAX_PARAMETERS + ")");
        }
        int count = DEFAULT_COUNT;
        Integer page = null;
        String cursor = null;
        List<SortKey> sort = List.of();
        Set<String> ids = null;
        Set<String> elements = null;
        boolean total = true;
        List<Filter> filters = new ArrayList<>();
        for (var entry : parameters.entrySet()) {
            String name = entry.getKey();
            List<String> values = entry.getValue();
            if (name.startsWith("_") && !name.equals(LAST_UPDATED)) {
                String value = single(name, values);
                switch (name) {
                    case "_count" -> count = integer(name, value, 0, MAX_COUNT);
                    case "_page" -> page = integer(name, value, 1, Integer.MAX_VALUE);
                    case "_cursor" -> cursor = value;
                    case "_sort" -> sort = sortKeys(value);
                    case "_id" -> ids = new LinkedHashSet<>(alternatives(name, value));
                    case "_elements" -> elements = elements(value);
                    case "_total" -> total = switch (value) {
                        case "accurate" -> true;
                        case "none" -> false;
                        default -> throw Problem.invalid("_total must be accurate or none, got '" + value + "'");
                    };
                    default -> throw Problem.invalid("Unknown search parameter " + name + "; supported: _count, _page,"
                            + " _cursor, _sort, _id, _elements, _total, _lastUpdated and <field>[:missing]=<value>");
                }
            } else {
                filters.addAll(filters(name, values));
            }
        }
        if (page != null && cursor != null) {
            throw Problem.invalid("_page and _cursor exclude each other: follow the next link");
        }
        return new SearchQuery(count, page, cursor, sort, ids, List.copyOf(filters), elements, total);
    }

    /**
     * What one value of a search parameter means: alternatives, any of which may
     * match ({@code org=a,b}) for filters and {@code _id}; the value itself for the
     * other {@code _} parameters, whose commas list keys, not alternatives.
     */
    public static List<String> alternatives(String name, String value) {
        return name.startsWith("_") && !name.equals("_id") && !name.equals(LAST_UPDATED)
                ? List.of(value) : Arrays.asList(value.split(",", -1));
    }

    /** The zero-based index of this page's first match ({@code _page}, 1 when not given). */
    public long offset() {
        return page == null ? 0 : (long) (page - 1) * count;
    }

    /** Whether the search selects anything: a filter or {@code _id}. */
    public boolean selective() {
        return !filters.isEmpty() || ids != null;
    }

    /** Every field the search names: filters and sort keys. */
    public Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        filters.forEach(filter -> fields.add(filter.field()));
        sort.forEach(key -> fields.add(key.field()));
        if (elements != null) {
            fields.addAll(elements);
        }
        return fields;
    }

    private static List<Filter> filters(String name, List<String> values) {
        int colon = name.indexOf(':');
        String named = colon < 0 ? name : name.substring(0, colon);
        String field = named.equals(LAST_UPDATED) ? LAST_UPDATED : requireField(named);
        String modifier = colon < 0 ? null : name.substring(colon + 1);
        List<Filter> filters = new ArrayList<>();
        for (String value : values) {
            if (value.length() > MAX_VALUE_LENGTH) {
                throw Problem.invalid("The value of " + name + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (modifier == null) {
                List<String> anyOf = alternatives(name, value);
                if (anyOf.size() > MAX_ALTERNATIVES) {
                    throw Problem.invalid("More than " + MAX_ALTERNATIVES + " alternatives in " + name);
                }
                filters.add(new Filter(field, null, List.copyOf(anyOf)));
            } else if (modifier.equals("missing")) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw Problem.invalid(name + " must be true or false, got '" + value + "'");
                }
                filters.add(new Filter(field, Boolean.valueOf(value), List.of()));
            } else {
                throw Problem.invalid("Unknown modifier :" + modifier + " in " + name + "; supported: :missing");
            }
        }
        return filters;
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
        Set<String> seen = new LinkedHashSet<>();
        for (String field : value.split(",", -1)) {
            boolean descending = field.startsWith("-");
            String name = descending ? field.substring(1) : field;
            name = name.equals("lastUpdated") || name.equals(LAST_UPDATED) ? LAST_UPDATED : requireField(name);
            if (!seen.add(name)) {
                throw Problem.invalid("_sort names " + name + " twice");
            }
            keys.add(new SortKey(name, descending));
        }
        if (keys.size() > MAX_DEPTH) {
            throw Problem.invalid("_sort takes at most " + MAX_DEPTH + " keys");
        }
        return List.copyOf(keys);
    }

    private static Set<String> elements(String value) {
        Set<String> elements = new LinkedHashSet<>();
        for (String element : value.split(",", -1)) {
            if (!ELEMENT.matcher(element).matches()) {
                throw Problem.invalid("_elements takes top-level field names; '" + element + "' is not one");
            }
            elements.add(requireVisible(element, element));
        }
        return Set.copyOf(elements);
    }

    private static String requireField(String field) {
        if (!FIELD.matcher(field).matches()) {
            throw Problem.invalid("Invalid field name '" + field + "'");
        }
        // A write-only field, or anything in one; a field merely inside an object of that name
        // (a Client's auth.password.token_format) is an ordinary field.
        String[] segments = field.split("\\.");
        requireVisible(field, segments[0]);
        requireVisible(field, segments[segments.length - 1]);
        return field;
    }

    /** Write-only and internal fields are never searched, sorted by or selected. */
    private static String requireVisible(String field, String segment) {
        String lower = segment.toLowerCase(Locale.ROOT);
        if (HIDDEN.contains(lower) || lower.endsWith("hash")) {
            throw Problem.invalid(field + " cannot be searched, sorted by or selected: it is write-only or internal");
        }
        return segment;
    }
}
