package gatehouse.store;

import gatehouse.error.Problem;

/** A request body that cannot be read as a resource. */
public class MalformedBodyException extends Problem {
    public MalformedBodyException(String diagnostics) {
        super(Kind.INVALID, diagnostics);
    }
}
