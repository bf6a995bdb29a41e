package gatehouse.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import javax.sql.DataSource;

import gatehouse.config.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The number of open Sessions, counted in the database at most every 30 s: a
 * scrape every few seconds from several Prometheus servers costs one count per
 * half minute. While the database is away the last count stands.
 */
@ApplicationScoped
public class OpenSessions {

    static final long REFRESH_MILLIS = 30_000;

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Inject
    Clock clock;

    private long countedAt = Long.MIN_VALUE;
    private long count = -1;

    public synchronized long count() {
        long now = clock.millis();
        if (countedAt == Long.MIN_VALUE || now - countedAt >= REFRESH_MILLIS) {
            countedAt = now;
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT COUNT(*) FROM sessions WHERE closed_at IS NULL AND (exp_at IS NULL OR exp_at > ?)")) {
                select.setQueryTimeout(5);
                select.setLong(1, now);
                try (ResultSet result = select.executeQuery()) {
                    result.next();
                    count = result.getLong(1);
                }
            } catch (Exception unreachable) {
                // keep the last count; readiness reports the outage
            }
        }
        return count;
    }
}
