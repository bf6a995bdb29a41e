package gatehouse.session;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes ended Sessions in the background, in small batches (each its own
 * transaction), so the request path never pays for it. Ended Sessions are kept
 * for {@code gatehouse.session.retention.seconds} first, for audit.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SessionPurge {

    private static final Logger LOG = Logger.getLogger(SessionPurge.class.getName());
    static final int BATCH = 1000;

    @Inject
    EndedSessions ended;

    @Inject
    java.time.Clock clock;

    @Inject
    @ConfigProperty(name = "gatehouse.session.retention.seconds")
    long retentionSeconds;

    @Schedule(hour = "*", minute = "*", second = "15", persistent = false)
    void purge() {
        long started = System.nanoTime();
        long cutoff = clock.millis() - retentionSeconds * 1000;
        int total = 0;
        int deleted;
        do {
            deleted = ended.delete(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            int purged = total;
            long millis = (System.nanoTime() - started) / 1_000_000;
            // A backlog of a batch or more is worth an operator's eye; the usual trickle is not.
            LOG.log(total >= BATCH ? Level.INFO : Level.FINE, () -> "Purged " + purged + " ended Sessions in " + millis + " ms");
        }
    }
}
