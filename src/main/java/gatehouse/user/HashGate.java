package gatehouse.user;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import gatehouse.error.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one gate every slow hash passes (user passwords, client secrets, the dummy
 * hashes that make unknown names cost the same): at most
 * {@code gatehouse.hash.concurrency} at once (default: the number of cores), a
 * short queue of {@code gatehouse.hash.queue} waiting at most
 * {@code gatehouse.hash.queue.millis}, and beyond that a 503 at once. A flood of
 * wrong credentials can then take those cores' worth of CPU and no more; nothing
 * else (Bearer requests above all) ever waits here.
 * <p>A {@link Semaphore} rather than MicroProfile Fault Tolerance's bulkhead: its
 * synchronous bulkhead has no queue, and its queued one moves the hash to another
 * thread pool, which WildFly's default configuration does not even provide.
 */
@ApplicationScoped
public class HashGate {

    @Inject
    @ConfigProperty(name = "gatehouse.hash.concurrency", defaultValue = "0")
    int configuredConcurrency;

    @Inject
    @ConfigProperty(name = "gatehouse.hash.queue", defaultValue = "-1")
    int configuredQueue;

    @Inject
    @ConfigProperty(name = "gatehouse.hash.queue.millis", defaultValue = "2000")
    long queueMillis;

    private Semaphore permits;
    private int concurrency;
    private int queue;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    @PostConstruct
    void size() {
        concurrency = configuredConcurrency > 0 ? configuredConcurrency : Runtime.getRuntime().availableProcessors();
        queue = configuredQueue >= 0 ? configuredQueue : 4 * concurrency;
        permits = new Semaphore(concurrency, true);
    }

    /** Runs one slow hash through the gate; a 503 Problem when the gate and its queue are full. */
    <T> T pass(Supplier<T> hash) {
        if (!permits.tryAcquire()) {
            await();
        }
        try {
            return hash.get();
        } finally {
            permits.release();
        }
    }

    private void await() {
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            throw busy();
        }
        try {
            if (!permits.tryAcquire(queueMillis, TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Problem busy() {
        rejected.incrementAndGet();
        return new Problem(Problem.Kind.UNAVAILABLE, "Too many password and secret checks at once; retry shortly",
                Map.of("Retry-After", "1"));
    }

    public int inFlight() {
        return concurrency - permits.availablePermits();
    }

    public int queued() {
        return waiting.get();
    }

    public int rejected() {
        return rejected.get();
    }
}
