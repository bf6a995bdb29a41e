package gatehouse.store;

import java.util.Optional;

import gatehouse.error.Problem;
import jakarta.json.JsonObject;

/**
 * The store of a type that the server writes and clients only read: creating,
 * replacing and deleting are 405 with the methods allowed. A type that clients may
 * delete (Sessions: a delete closes) overrides {@link #delete}.
 */
public interface ReadOnlyStore extends ResourceStore {

    /** Who writes the resources instead of clients, said in the 405. */
    String writtenBy();

    /** The methods clients may use, for the 405's {@code Allow}. */
    String allowed();

    @Override
    default JsonObject create(String type, String id, JsonObject attributes) {
        throw notAllowed();
    }

    @Override
    default Saved put(String type, String id, JsonObject attributes) {
        throw notAllowed();
    }

    @Override
    default Optional<JsonObject> delete(String type, String id) {
        throw notAllowed();
    }

    private Problem notAllowed() {
        return Problem.notAllowed(writtenBy(), allowed());
    }
}
