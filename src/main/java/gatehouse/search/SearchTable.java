package gatehouse.search;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import jakarta.json.JsonObject;

/**
 * Where a resource type's search runs: its table, the typed columns that answer
 * for some fields, and whether every other field is looked up in
 * {@code search_values} (or refused, for types whose fields are all columns).
 * Table and column names are constants of the stores, never input.
 */
public final class SearchTable {

    /** How a typed column's values compare. */
    public enum Kind { TEXT, TIME, NUMBER, BOOLEAN }

    public record Column(String name, Kind kind) {
    }

    /** Renders the resources of one page, in the order of the ids given. */
    @FunctionalInterface
    public interface Loader {
        List<JsonObject> load(List<String> ids);
    }

    private final String table;
    private final String idColumn;
    private final String typeColumn;
    private final String type;
    private final boolean values;
    private final Map<String, Column> columns = new HashMap<>();
    private final Loader loader;

    private SearchTable(String table, String idColumn, String typeColumn, String type, boolean values, Loader loader) {
        this.table = table;
        this.idColumn = idColumn;
        this.typeColumn = typeColumn;
        this.type = type;
        this.values = values;
        this.loader = loader;
        columns.put("id", new Column(idColumn, Kind.TEXT));
        columns.put(SearchQuery.LAST_UPDATED, new Column("last_updated", Kind.TIME));
    }

    /** A table of one type's own, and fields beyond its columns in {@code search_values} (or, without, refused). */
    public static SearchTable of(String table, String type, boolean values, Loader loader) {
        return new SearchTable(table, "id", null, type, values, loader);
    }

    /** The table of typeless documents, one type's rows picked by {@code res_type}. */
    public static SearchTable documents(String type, Loader loader) {
        return new SearchTable("resources", "res_id", "res_type", type, true, loader);
    }

    public SearchTable column(String field, String column, Kind kind) {
        columns.put(field, new Column(column, kind));
        return this;
    }

    String table() {
        return table;
    }

    String idColumn() {
        return idColumn;
    }

    /** The column that holds the type, for tables shared by types; else null. */
    String typeColumn() {
        return typeColumn;
    }

    String type() {
        return type;
    }

    boolean hasValues() {
        return values;
    }

    Optional<Column> column(String field) {
        return Optional.ofNullable(columns.get(field));
    }

    /** The fields a type without search values can be searched by, for the error message. */
    List<String> columnFields() {
        return columns.keySet().stream().sorted().toList();
    }

    /** The rendered resources in the order of {@code ids}; ids not found are left out. */
    public static <T> List<JsonObject> inOrder(List<String> ids, Collection<T> found, Function<T, String> id,
                                               Function<T, JsonObject> render) {
        Map<String, T> byId = new HashMap<>();
        found.forEach(resource -> byId.put(id.apply(resource), resource));
        return ids.stream().map(byId::get).filter(Objects::nonNull).map(render).toList();
    }

    List<JsonObject> load(List<String> ids) {
        return ids.isEmpty() ? List.of() : loader.load(ids);
    }
}
