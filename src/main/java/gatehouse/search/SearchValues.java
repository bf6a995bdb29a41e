package gatehouse.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;

/**
 * The rows of {@code search_values} for one resource (V9__search_values.sql): every
 * scalar of its document at its dotted path, arrays fanned out. Kept by the stores in
 * the transaction that writes the resource.
 */
public final class SearchValues {

    /** One value at a path; {@code sortKey} only on the first value at each path. */
    record Row(String path, char kind, String text, Double number, String sortKey) {
    }

    static final int MAX_TEXT = 256;
    /** Dates beyond ±31,000 years are not dates here. */
    private static final long TIME_BOUND = 1_000_000_000_000_000L;
    private static final Pattern SEGMENT = Pattern.compile(SearchQuery.SEGMENT);
    private static final Set<String> ENVELOPE = Set.of("resourceType", "id", "meta");
    private static final int ROWS_PER_INSERT = 50;
    static final String INSERT = "INSERT INTO search_values (res_type, res_id, path, kind, text_value, number_value, sort_key)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    private SearchValues() {
    }

    /** Replaces the resource's rows by those of {@code document} (its envelope is left out). */
    public static void replace(EntityManager em, String type, String id, JsonObject document) {
        delete(em, type, id);
        List<Row> rows = of(document);
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("INSERT INTO search_values"
                    + " (res_type, res_id, path, kind, text_value, number_value, sort_key) VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                int p = i * 7;
                sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?").append(p + 3)
                        .append(", ?").append(p + 4).append(", ?").append(p + 5).append(", CAST(?").append(p + 6)
                        .append(" AS DOUBLE PRECISION), CAST(?").append(p + 7).append(" AS VARCHAR(260)))");
            }
            var insert = em.createNativeQuery(sql.toString());
            int p = 0;
            for (Row row : chunk) {
                for (Object value : parameters(type, id, row)) {
                    insert.setParameter(++p, value);
                }
            }
            insert.executeUpdate();
        }
    }

    public static void delete(EntityManager em, String type, String id) {
        em.createNativeQuery("DELETE FROM search_values WHERE res_type = ?1 AND res_id = ?2")
                .setParameter(1, type)
                .setParameter(2, id)
                .executeUpdate();
    }

    /** The parameters of {@link #INSERT} for one row. */
    static Object[] parameters(String type, String id, Row row) {
        return new Object[] {type, id, row.path(), String.valueOf(row.kind()), row.text(), row.number(), row.sortKey()};
    }

    static List<Row> of(JsonObject document) {
        List<Row> rows = new ArrayList<>();
        Set<String> sorted = new HashSet<>();
        for (Map.Entry<String, JsonValue> field : document.entrySet()) {
            if (!ENVELOPE.contains(field.getKey()) && SEGMENT.matcher(field.getKey()).matches()) {
                walk(field.getValue(), field.getKey(), 1, rows, sorted);
            }
        }
        return rows;
    }

    private static void walk(JsonValue value, String path, int depth, List<Row> rows, Set<String> sorted) {
        switch (value.getValueType()) {
            case ARRAY -> value.asJsonArray().forEach(element -> walk(element, path, depth, rows, sorted));
            case OBJECT -> {
                if (depth < SearchQuery.MAX_DEPTH) {
                    value.asJsonObject().forEach((name, child) -> {
                        if (SEGMENT.matcher(name).matches()) {
                            walk(child, path + "." + name, depth + 1, rows, sorted);
                        }
                    });
                }
            }
            case NULL -> {
                // absent, as far as search goes
            }
            default -> {
                Row row = scalar(path, value);
                rows.add(sorted.add(path) ? row : new Row(row.path(), row.kind(), row.text(), row.number(), null));
            }
        }
    }

    private static Row scalar(String path, JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> {
                String string = ((JsonString) value).getString();
                var span = SearchDates.span(string, false).filter(s -> Math.abs(s.start()) < TIME_BOUND);
                yield span.isPresent()
                        ? new Row(path, 't', text(string), (double) span.get().start(), timeKey(span.get().start()))
                        : new Row(path, 's', text(string), null, textKey(string));
            }
            case NUMBER -> {
                double number = ((JsonNumber) value).bigDecimalValue().doubleValue();
                String text = text(value.toString());
                yield Double.isFinite(number)
                        ? new Row(path, 'n', text, number, numberKey(number))
                        : new Row(path, 'n', text, null, textKey(text));
            }
            case TRUE -> new Row(path, 'b', "true", null, textKey("true"));
            default -> new Row(path, 'b', "false", null, textKey("false"));
        };
    }

    /**
     * A string as stored and compared: as it is up to {@value #MAX_TEXT} characters,
     * else a prefix and a hash of the whole (equality still exact, in practice); NUL,
     * which PostgreSQL text cannot hold, as U+FFFD.
     */
    static String text(String value) {
        String text = clean(value);
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return prefix(text, 200) + "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NUL as U+FFFD: PostgreSQL text cannot hold NUL, and a search for one must not fail. */
    static String clean(String value) {
        return value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    /*
     * Sort keys order numbers before dates before strings and booleans (by kind, the
     * key's first character), then by value: numbers and dates as fixed-width digits,
     * which every collation orders as numbers; strings as themselves.
     */

    static String numberKey(double number) {
        long bits = Double.doubleToLongBits(number == 0.0 ? 0.0 : number); // -0.0 sorts as 0.0
        long ordered = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
        String digits = Long.toUnsignedString(ordered);
        return "1" + "0".repeat(20 - digits.length()) + digits;
    }

    static String timeKey(long millis) {
        String digits = Long.toString(millis + TIME_BOUND);
        return "2" + "0".repeat(16 - digits.length()) + digits;
    }

    static String textKey(String value) {
        return "3" + prefix(text(value), 255);
    }

    /** At most {@code length} characters, never half a surrogate pair. */
    private static String prefix(String text, int length) {
        if (text.length() <= length) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end);
    }
}
