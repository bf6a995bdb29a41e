package gatehouse.error;

import gatehouse.config.Jsonp;
import gatehouse.config.MediaTypes;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The body of every non-OAuth error, and of answers that only report: one issue with a code and a human text. */
public final class OperationOutcome {

    private OperationOutcome() {
    }

    /** A response with this status and outcome, in the representation the client prefers. */
    static Response.ResponseBuilder response(int status, String diagnostics, HttpHeaders headers) {
        return Response.status(status).entity(of(status, diagnostics)).type(MediaTypes.preferred(headers));
    }

    public static JsonObject of(int status, String diagnostics) {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("resourceType", "OperationOutcome")
                .add("issue", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder()
                        .add("severity", "error")
                        .add("code", code(status))
                        .add("diagnostics", diagnostics)))
                .build();
    }

    /** An outcome that reports success, such as how many Sessions a conditional delete closed. */
    public static JsonObject information(String diagnostics) {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("resourceType", "OperationOutcome")
                .add("issue", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder()
                        .add("severity", "information")
                        .add("code", "informational")
                        .add("diagnostics", diagnostics)))
                .build();
    }

    static String code(int status) {
        return switch (status) {
            case 400, 422 -> "invalid";
            case 401 -> "login";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405, 406, 415 -> "not-supported";
            case 409, 412 -> "conflict";
            case 413, 431 -> "too-costly";
            case 429 -> "throttled";
            case 503 -> "transient";
            default -> status < 500 ? "invalid" : "exception";
        };
    }
}
