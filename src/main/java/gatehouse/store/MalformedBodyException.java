package gatehouse.store;

import jakarta.ws.rs.BadRequestException;

/** A request body that cannot be read as a resource. */
public class MalformedBodyException extends BadRequestException {
    public MalformedBodyException(String diagnostics) {
        super(diagnostics);
    }
}
