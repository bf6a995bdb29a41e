package gatehouse.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import gatehouse.error.Problem;
import gatehouse.search.SearchSql.Position;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs searches in the database (docs/search.md): counts, then reads one page of ids
 * (one more, to know whether a next page exists), and has the store render
 * them. Nothing but the page is ever held. Pages are reached through cursors
 * (keyset: every page costs what the first does); {@code _page} only up to a
 * configured depth, because an offset costs as much as the rows it skips.
 */
@ApplicationScoped
public class Searches {

    /** One page; {@code total} null with {@code _total=none}, {@code next} null on the last page. */
    public record Page(Long total, List<JsonObject> resources, String next) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Cursors cursors;

    @Inject
    @ConfigProperty(name = "gatehouse.search.max.pages")
    int maxPages;

    public Page run(SearchTable table, SearchQuery query) {
        if (query.page() != null && query.page() > maxPages) {
            throw Problem.invalid("_page goes up to " + maxPages + "; to go further, follow the next links"
                    + " (their _cursor costs the same on every page)");
        }
        SearchSql sql = new SearchSql(table, query);
        Position after = query.cursor() == null ? null : cursors.decode(table, query, sql.keys());
        Long total = query.total() ? ((Number) sql.count().query(em).getSingleResult()).longValue() : null;
        if (query.count() == 0) {
            return new Page(total, List.of(), null);
        }
        List<Object[]> rows = rows(sql, after, query.count() + 1, query.offset());
        boolean more = rows.size() > query.count();
        List<Object[]> page = more ? rows.subList(0, query.count()) : rows;
        List<String> ids = page.stream().map(row -> (String) row[0]).toList();
        String next = more ? cursors.encode(table, query, position(page.get(page.size() - 1))) : null;
        return new Page(total, table.load(ids), next);
    }

    /** Up to {@code limit} rows of (id, sort values…) after the position, or from the offset. */
    private List<Object[]> rows(SearchSql sql, Position after, int limit, long offset) {
        if (sql.keys().isEmpty() && offset == 0) {
            return list(sql.byId(after == null ? null : after.id(), limit));
        }
        if (sql.keys().size() > 1 || offset > 0) {
            return list(sql.general(after, limit, offset));
        }
        // One key: those with a value by an index range, then those without, by id.
        List<Object[]> rows = new ArrayList<>();
        if (after == null || after.keys().get(0) != null) {
            rows.addAll(list(sql.withValue(after, limit)));
        }
        if (rows.size() < limit) {
            String afterId = after != null && after.keys().get(0) == null ? after.id() : null;
            rows.addAll(list(sql.withoutValue(afterId, limit - rows.size())));
        }
        return rows;
    }

    private static Position position(Object[] row) {
        return new Position(Arrays.asList(Arrays.copyOfRange(row, 1, row.length)), (String) row[0]);
    }

    private List<Object[]> list(Sql sql) {
        List<?> results = sql.query(em).getResultList();
        List<Object[]> rows = new ArrayList<>(results.size());
        for (Object result : results) {
            rows.add(result instanceof Object[] columns ? columns : new Object[] {result});
        }
        return rows;
    }
}
