package gatehouse.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import gatehouse.config.Database;
import gatehouse.config.Jsonp;
import gatehouse.search.SearchTable;
import gatehouse.search.SearchTable.Kind;
import gatehouse.store.ReadOnlyStore;
import gatehouse.store.Resources;
import gatehouse.telemetry.Audit;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.PersistenceException;

/**
 * The {@code AuditEvent} type (docs/operating.md#audit-trail): rows the server wrote
 * ({@code telemetry.AuditWriter}), read and searched through the standard API by
 * their columns, and never written by a client, root included.
 */
@ApplicationScoped
public class AuditEvents implements ReadOnlyStore {

    public static final String TYPE = "AuditEvent";
    private static final String COLUMNS = "id, event_type, recorded, user_id, client_id, session_id, source, outcome, reason, detail";

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String writtenBy() {
        return "AuditEvents are written by the server, not by clients";
    }

    @Override
    public String allowed() {
        return "GET";
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return load(List.of(id)).stream().findFirst();
    }

    @Override
    public SearchTable searchTable(String type) {
        return SearchTable.of("audit_events", TYPE, false, this::load)
                .column("type", "event_type", Kind.TEXT)
                .column("recorded", "recorded", Kind.TIME)
                .column("user.id", "user_id", Kind.TEXT)
                .column("client.id", "client_id", Kind.TEXT)
                .column("session.id", "session_id", Kind.TEXT)
                .column("source", "source", Kind.TEXT)
                .column("outcome", "outcome", Kind.TEXT);
    }

    /** The events of these ids, in their order. */
    private List<JsonObject> load(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM audit_events WHERE id IN ("
                + String.join(",", Collections.nCopies(ids.size(), "?")) + ")";
        List<JsonObject> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(render(rows));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e); // the database is away: 503, as for every store
        }
        return SearchTable.inOrder(ids, found, event -> event.getString("id"), event -> event);
    }

    private static JsonObject render(ResultSet row) throws SQLException {
        long recorded = row.getLong("recorded");
        JsonObjectBuilder event = Jsonp.PROVIDER.createObjectBuilder()
                .add("type", row.getString("event_type"))
                .add("recorded", Instant.ofEpochMilli(recorded).toString());
        reference(event, "user", "User", row.getString("user_id"));
        reference(event, "client", "Client", row.getString("client_id"));
        reference(event, "session", "Session", row.getString("session_id"));
        Jsonp.addPresent(event, "source", row.getString("source"));
        Jsonp.addPresent(event, "outcome", row.getString("outcome"));
        Jsonp.addPresent(event, "reason", row.getString("reason"));
        String detail = row.getString("detail");
        if (Audit.RESOURCE_WRITTEN.equals(row.getString("event_type"))) {
            int slash = detail == null ? -1 : detail.indexOf('/');
            if (slash > 0) {
                reference(event, "resource", detail.substring(0, slash), detail.substring(slash + 1));
            }
        } else {
            Jsonp.addPresent(event, "detail", detail);
        }
        return Resources.render(TYPE, row.getString("id"), 1, recorded, event.build());
    }

    private static void reference(JsonObjectBuilder event, String field, String type, String id) {
        if (id != null) {
            event.add(field, Jsonp.PROVIDER.createObjectBuilder().add("resourceType", type).add("id", id));
        }
    }
}
