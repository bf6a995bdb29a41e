package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

/**
 * Version and timestamp that every stored resource carries in {@code meta}. The
 * version is JPA's optimistic lock, so of two concurrent writes one gets a 409.
 */
@MappedSuperclass
public abstract class StoredResource {

    @Version
    @Column(name = "version_id", nullable = false)
    protected long versionId;

    /** Epoch milliseconds, UTC. */
    @Column(name = "last_updated", nullable = false)
    protected long lastUpdated;

    /** Marks a change made at {@code now}; JPA counts the version when it writes. */
    protected void touch(long now) {
        lastUpdated = now;
    }

    public long lastUpdated() {
        return lastUpdated;
    }
}
