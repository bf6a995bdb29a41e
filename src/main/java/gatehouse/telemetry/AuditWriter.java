package gatehouse.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

import gatehouse.config.Database;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the queued audit events to {@code audit_events} once a second, in batches
 * of at most {@value #BATCH} rows per statement and transaction, and at shutdown;
 * a crash loses at most the last second. Once a minute it deletes events older than
 * {@code gatehouse.audit.retention.days} (default 30), a batch per transaction, like
 * the Session purge. Plain JDBC: the rows are written once and never updated.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each batch commits itself
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class.getName());
    static final int BATCH = 1000;

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "gatehouse.audit.retention.days")
    long retentionDays;

    private final Object writing = new Object();

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void flush() {
        synchronized (writing) { // a slow database must not let two flushes interleave
            List<AuditRecord> batch;
            while (!(batch = audit.take(BATCH)).isEmpty()) {
                try {
                    insert(batch);
                } catch (SQLException e) {
                    // The database is away: these events are lost, not retried forever (their JSON lines remain).
                    LOG.log(Level.WARNING, "Could not write " + batch.size() + " audit events: " + e.getMessage());
                    return;
                }
            }
        }
    }

    @PreDestroy
    void flushAtShutdown() {
        flush();
    }

    private void insert(List<AuditRecord> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO audit_events (id, event_type, recorded, last_updated, user_id, client_id, session_id,
                                               source, outcome, reason, detail)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            connection.setAutoCommit(false);
            for (AuditRecord event : batch) {
                insert.setString(1, event.id());
                insert.setString(2, event.type());
                insert.setLong(3, event.recorded());
                insert.setLong(4, event.recorded());
                text(insert, 5, event.user(), 64);
                text(insert, 6, event.client(), 64);
                text(insert, 7, event.session(), 64);
                text(insert, 8, event.source(), 64);
                text(insert, 9, event.outcome(), 64);
                text(insert, 10, event.reason(), 64);
                text(insert, 11, event.detail(), 256);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    /** Values come from requests (a client id, say): cut to the column, never refused. */
    private static void text(PreparedStatement statement, int index, String value, int max) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value.length() > max ? value.substring(0, max) : value);
        }
    }

    @Schedule(hour = "*", minute = "*", second = "45", persistent = false)
    void purge() {
        long cutoff = clock.millis() - retentionDays * 86_400_000L;
        int total = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE recorded < ? ORDER BY recorded LIMIT "
                             + BATCH + ")")) {
            int deleted;
            do {
                delete.setLong(1, cutoff);
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == BATCH);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not purge audit events: " + e.getMessage());
        }
        if (total >= BATCH) {
            LOG.info("Purged " + total + " audit events older than " + retentionDays + " days");
        }
    }
}
