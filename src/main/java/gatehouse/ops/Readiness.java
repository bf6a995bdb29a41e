package gatehouse.ops;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

import gatehouse.config.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this instance serves real requests now: it has started (migrations
 * applied, signing keys loaded: {@link StartupLine} marks it once the start-up
 * beans are done) and the database answers within {@code gatehouse.health.timeout.millis}
 * (default 2000). At most one database check runs at a time, so probes of a hung
 * database do not pile up threads: a probe that finds one running waits for it.
 */
@ApplicationScoped
public class Readiness {

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "gatehouse.health.timeout.millis")
    long timeoutMillis;

    private volatile boolean started;
    private CompletableFuture<Boolean> check;

    void started() {
        started = true;
    }

    public boolean isStarted() {
        return started;
    }

    /** Whether the database answered a validation query within the timeout. */
    public boolean databaseReachable() {
        CompletableFuture<Boolean> running;
        synchronized (this) {
            if (check == null || check.isDone()) {
                check = CompletableFuture.supplyAsync(this::ping, executor);
            }
            running = check;
        }
        try {
            return running.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean ping() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, timeoutMillis / 1000));
        } catch (Exception unreachable) {
            return false;
        }
    }
}
