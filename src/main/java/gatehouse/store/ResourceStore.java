package gatehouse.store;

import java.util.Optional;
import java.util.Set;

import gatehouse.search.SearchTable;
import jakarta.json.JsonObject;

/**
 * Where the resources of one type live. Implemented by the built-in types
 * with typed columns and by {@link GenericResources} for every other type.
 * {@code attributes} never hold {@code resourceType}, {@code id} or {@code meta};
 * every returned resource is complete and safe to show (no secrets).
 * Implementations mark their writes {@code @Transactional} and leave reads
 * unannotated: a read runs without a JTA transaction, and without passing
 * through a transaction interceptor, which on the hot paths costs more than the read.
 * Stores know nothing of the request: who may see or write what is decided above them.
 */
public interface ResourceStore {

    /** The resource type served, or {@code "*"} for the generic store. */
    String type();

    Optional<JsonObject> read(String type, String id);

    /** Where and how the type is searched (search package); the stores keep their search values up to date. */
    SearchTable searchTable(String type);

    /** Creates the resource; 409 when the id is taken. */
    JsonObject create(String type, String id, JsonObject attributes);

    /** Creates or replaces the resource. */
    Saved put(String type, String id, JsonObject attributes);

    Optional<JsonObject> delete(String type, String id);

    /**
     * Server bookkeeping that only the root client sees and writes: left out of
     * what others read, and out of what others write.
     */
    default Set<String> rootOnlyFields() {
        return Set.of();
    }

    /**
     * The root-only fields that others may nevertheless write, because the access
     * policies guard them as privileged fields (a User's {@code lockedUntil: null},
     * the unlock): they reach the store only from root or through a policy that names them.
     */
    default Set<String> policyWritableFields() {
        return Set.of();
    }

    record Saved(JsonObject resource, boolean created) {
    }
}
