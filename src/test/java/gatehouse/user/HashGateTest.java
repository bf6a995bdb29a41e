package gatehouse.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import gatehouse.error.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The slow-hash gate sheds load by the time a request would wait, not by how many wait. */
class HashGateTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        callers.shutdownNow();
    }

    @Test
    void cheapHashesInABurstThenAllPassAndAtMostThePermitsRunAtOnce() throws Exception {
        HashGate gate = gate(2, -1, 2000);
        gate.pass(() -> hash(Duration.ofMillis(1))); // as PasswordHasher's first hash at start
        List<Future<Outcome>> burst = burst(gate, 64, () -> hash(Duration.ofMillis(1)));
        for (Future<Outcome> outcome : burst) {
            assertTrue(outcome.get(10, TimeUnit.SECONDS).passed(), "a burst of 1 ms hashes drains in ~32 ms: no 503");
        }
        assertEquals(0, gate.rejected());
        assertTrue(mostRunning.get() <= 2, "at most 2 hashes at once, saw " + mostRunning.get());
        assertEquals(2, mostRunning.get(), "64 callers kept both permits busy");
    }

    @Test
    void expensiveHashesWhenExpectedWaitExceedsBudgetThenRejectedAtOnce() throws Exception {
        HashGate gate = gate(2, -1, 300);
        gate.pass(() -> hash(Duration.ofMillis(200))); // the gate now knows a hash costs ~200 ms
        // 2 run; waiting 1st expects 100 ms, 2nd 200 ms: they wait; 3rd expects 300+ ms: rejected, and so on.
        List<Future<Outcome>> burst = burst(gate, 10, this::blockedHash);
        await(() -> gate.rejected() == 6 && gate.queued() == 2, "6 rejected and 2 waiting");
        assertEquals(2, gate.inFlight(), "the rejections came while both hashes still ran, not after a wait");
        release.countDown();
        int passed = 0;
        for (Future<Outcome> future : burst) {
            Outcome outcome = future.get(10, TimeUnit.SECONDS);
            if (outcome.passed()) {
                passed++;
            } else {
                assertEquals(503, outcome.problem().status());
                assertEquals("1", outcome.problem().headers().get("Retry-After"));
                assertTrue(outcome.elapsed().toMillis() < 300, "rejected at once, not after the budget: " + outcome.elapsed());
            }
        }
        assertEquals(4, passed);
        assertEquals(6, gate.rejected());
        assertEquals(2, mostRunning.get());
    }

    @Test
    void waitingRequestWhenBudgetRunsOutThenGivesUp() throws Exception {
        HashGate gate = gate(1, -1, 100);
        gate.pass(() -> hash(Duration.ZERO));
        Future<Outcome> holder = callers.submit(() -> call(gate, this::blockedHash));
        await(() -> gate.inFlight() == 1, "the one permit taken");
        Outcome waiter = call(gate, () -> hash(Duration.ZERO));
        assertTrue(!waiter.passed() && waiter.problem().status() == 503, "expected a 503");
        assertTrue(waiter.elapsed().toMillis() >= 100, "it waited the budget first: " + waiter.elapsed());
        assertEquals(1, gate.rejected());
        release.countDown();
        assertTrue(holder.get(10, TimeUnit.SECONDS).passed());
        assertEquals(0, gate.queued());
    }

    @Test
    void beforeAnyHashIsMeasuredThenFourWaitPerPermit() throws Exception {
        HashGate gate = gate(1, -1, 2000);
        List<Future<Outcome>> burst = burst(gate, 7, this::blockedHash);
        await(() -> gate.rejected() == 2 && gate.queued() == 4, "2 rejected and 4 waiting");
        release.countDown();
        long passed = 0;
        for (Future<Outcome> outcome : burst) {
            passed += outcome.get(10, TimeUnit.SECONDS).passed() ? 1 : 0;
        }
        assertEquals(5, passed);
    }

    @Test
    void queueSetThenCapsWaitersWhateverTheCost() throws Exception {
        HashGate gate = gate(1, 1, 2000);
        gate.pass(() -> hash(Duration.ZERO));
        List<Future<Outcome>> burst = burst(gate, 4, this::blockedHash);
        await(() -> gate.rejected() == 2 && gate.queued() == 1, "2 rejected and 1 waiting");
        release.countDown();
        for (Future<Outcome> outcome : burst) {
            outcome.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2, gate.rejected());
    }

    @Test
    void costIsAMovingAverageOfTheHashesThatRan() {
        HashGate gate = gate(1, -1, 2000);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), gate.costNanos(), "the seed: a quarter of the budget");
        gate.pass(() -> hash(Duration.ofMillis(40)));
        long first = gate.costNanos();
        assertTrue(first >= TimeUnit.MILLISECONDS.toNanos(40) && first < TimeUnit.MILLISECONDS.toNanos(500),
                "the first hash replaces the seed: " + first);
        gate.pass(() -> hash(Duration.ZERO));
        long second = gate.costNanos();
        assertTrue(second < first && second > first / 2, "one quick hash moves the average by an eighth: " + second);
    }

    private static HashGate gate(int concurrency, int queue, long queueMillis) {
        HashGate gate = new HashGate();
        gate.configuredConcurrency = concurrency;
        gate.configuredQueue = queue;
        gate.queueMillis = queueMillis;
        gate.size();
        return gate;
    }

    /** Starts {@code count} callers at once. */
    private List<Future<Outcome>> burst(HashGate gate, int count, Supplier<Boolean> hash) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outcomes.add(callers.submit(() -> {
                start.await();
                return call(gate, hash);
            }));
        }
        start.countDown();
        return outcomes;
    }

    private static Outcome call(HashGate gate, Supplier<Boolean> hash) {
        long start = System.nanoTime();
        try {
            gate.pass(hash);
            return new Outcome(null, Duration.ofNanos(System.nanoTime() - start));
        } catch (Problem problem) {
            return new Outcome(problem, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Boolean hash(Duration cost) {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            Thread.sleep(cost.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            running.decrementAndGet();
        }
    }

    /** A hash that lasts until the test releases it. */
    private Boolean blockedHash() {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            return release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            running.decrementAndGet();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not reached within 5 s: " + what);
            }
            Thread.sleep(1);
        }
    }

    private record Outcome(Problem problem, Duration elapsed) {
        boolean passed() {
            return problem == null;
        }
    }
}
