package gatehouse.error;

import jakarta.ws.rs.ClientErrorException;

/** The client errors JAX-RS has no named exception for. */
public final class Problems {

    private Problems() {
    }

    public static ClientErrorException conflict(String diagnostics) {
        return new ClientErrorException(diagnostics, 409);
    }

    public static ClientErrorException unprocessable(String diagnostics) {
        return new ClientErrorException(diagnostics, 422);
    }

    public static ClientErrorException tooLarge(String diagnostics) {
        return new ClientErrorException(diagnostics, 413);
    }
}
