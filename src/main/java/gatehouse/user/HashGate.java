package gatehouse.user;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import gatehouse.error.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one gate every slow hash passes (user passwords, client secrets, the dummy
 * hashes that make unknown names cost the same): at most
 * {@code gatehouse.hash.concurrency} at once (default: the number of cores). A
 * request that finds them all busy waits when its expected wait fits
 * {@code gatehouse.hash.queue.millis}, and otherwise gets a 503 at once; a waiting
 * request gives up after that budget all the same. The expected wait is
 * (requests waiting ahead + 1) × the cost of one hash ÷ the permits, with the cost
 * measured as a moving average of the hashes that ran, so the gate sheds load by
 * time: a burst of cheap hashes waits its few milliseconds, a burst of expensive
 * ones is refused before it piles up. {@code gatehouse.hash.queue}, when set, also
 * caps how many may wait. A flood of wrong credentials can then take those cores'
 * worth of CPU and no more; nothing else (Bearer requests above all) ever waits here.
 * <p>A {@link Semaphore} rather than MicroProfile Fault Tolerance's bulkhead: its
 * synchronous bulkhead has no queue, and its queued one moves the hash to another
 * thread pool, which WildFly's default configuration does not even provide.
 */
@ApplicationScoped
public class HashGate {

    /** Weight of the newest hash in the moving average of the cost: 1/8, as TCP smooths round-trip times. */
    private static final int SMOOTHING_SHIFT = 3;

    @Inject
    @ConfigProperty(name = "gatehouse.hash.concurrency")
    int configuredConcurrency;

    @Inject
    @ConfigProperty(name = "gatehouse.hash.queue")
    int configuredQueue;

    @Inject
    @ConfigProperty(name = "gatehouse.hash.queue.millis")
    long queueMillis;

    private Semaphore permits;
    private int concurrency;
    private int queue;
    private long budgetNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    /** The moving average of one hash's duration; 0 until a hash has been measured. */
    private final AtomicLong costNanos = new AtomicLong();
    private long seedNanos;

    @PostConstruct
    void size() {
        concurrency = configuredConcurrency > 0 ? configuredConcurrency : Runtime.getRuntime().availableProcessors();
        queue = configuredQueue >= 0 ? configuredQueue : Integer.MAX_VALUE;
        permits = new Semaphore(concurrency, true);
        budgetNanos = TimeUnit.MILLISECONDS.toNanos(queueMillis);
        // Until the first hash is measured (PasswordHasher makes one at start), a guess that lets
        // 4 requests per permit wait: the count-based queue this gate used to have.
        seedNanos = Math.max(1, budgetNanos / 4);
    }

    /** Runs one slow hash through the gate; a 503 Problem when its wait would not fit the budget. */
    <T> T pass(Supplier<T> hash) {
        try {
            // The timed form keeps the fair order (the plain tryAcquire() barges): nobody overtakes
            // those already waiting, so a place in line is what the expected wait says it is.
            if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        long start = System.nanoTime();
        try {
            return hash.get();
        } finally {
            measured(System.nanoTime() - start);
            permits.release();
        }
    }

    private void await() throws InterruptedException {
        int position = waiting.incrementAndGet(); // those waiting ahead, + 1
        try {
            if (position > queue || (double) position * costNanos() / concurrency > budgetNanos) {
                throw busy();
            }
            if (!permits.tryAcquire(budgetNanos, TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void measured(long nanos) {
        long sample = Math.max(1, nanos);
        costNanos.accumulateAndGet(sample, (average, latest) ->
                average == 0 ? latest : average + ((latest - average) >> SMOOTHING_SHIFT));
    }

    /** The cost of one hash the gate goes by: the moving average, or the seed before any hash ran. */
    long costNanos() {
        long cost = costNanos.get();
        return cost == 0 ? seedNanos : cost;
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
