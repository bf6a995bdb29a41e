package gatehouse.store;

import java.util.function.Supplier;

/**
 * This instance's copy of something a change counter counts (clients, access
 * policies, signing keys): loaded once per counter value, and reloaded when the
 * counter moves. The counter is read from the database at most every 250 ms,
 * and on the next call after a local change committed ({@link #markStale()}),
 * so another instance's change is seen within 250 ms and this instance's at once.
 */
public final class Snapshot<T> {

    /** How stale a view of another instance's changes may get: well inside the 1 s promise. */
    static final long RECHECK_NANOS = 250_000_000L;

    private record Loaded<T>(T value, long version) {
    }

    private final ChangeCounters counters;
    private final String name;
    private final Supplier<T> loader;
    private volatile long version;
    private volatile long checkedAt;
    private volatile boolean stale = true;
    private volatile Loaded<T> loaded;

    /** @param loader reads what the counter {@code name} counts; runs after the counter was read */
    public Snapshot(ChangeCounters counters, String name, Supplier<T> loader) {
        this.counters = counters;
        this.name = name;
        this.loader = loader;
    }

    public T get() {
        long current = version();
        Loaded<T> known = loaded;
        if (known != null && known.version() == current) {
            return known.value();
        }
        synchronized (this) {
            if (loaded == null || loaded.version() != current) {
                // Loaded after the counter was read: at least as new as the version it is filed under.
                loaded = new Loaded<>(loader.get(), current);
            }
            return loaded.value();
        }
    }

    /** A change to what the counter counts has committed here: read the counter again next time. */
    public void markStale() {
        stale = true;
    }

    private long version() {
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
}
