package gatehouse.store;

/**
 * This instance's view of one change counter, for a cache of what it counts:
 * re-read from the database at most every 250 ms, and on the next call after a
 * local write committed ({@link #markStale()}). A cache tags what it loads with
 * {@link #version()} and trusts it while the version holds.
 */
public final class ChangeWatch {

    /** How stale a view of another instance's changes may get: well inside the 1 s promise. */
    static final long RECHECK_NANOS = 250_000_000L;

    private final ChangeCounters counters;
    private final String name;
    private volatile long version;
    private volatile long checkedAt;
    private volatile boolean stale = true;

    public ChangeWatch(ChangeCounters counters, String name) {
        this.counters = counters;
        this.name = name;
    }

    /** The counter as of at most 250 ms ago, or as of now after a local change. */
    public long version() {
        long now = System.nanoTime();
        if (stale || now - checkedAt > RECHECK_NANOS) {
            synchronized (this) {
                if (stale || now - checkedAt > RECHECK_NANOS) {
                    stale = false; // first: a change committed while reading marks it again
                    version = counters.read(name);
                    checkedAt = now;
                }
            }
        }
        return version;
    }

    /** A change to what the counter counts has committed here: read it again next time. */
    public void markStale() {
        stale = true;
    }
}
