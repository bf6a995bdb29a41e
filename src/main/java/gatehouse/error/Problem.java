package gatehouse.error;

import java.util.Map;

/**
 * A request the server refuses, said without JAX-RS: stores and checks throw it,
 * {@link ProblemMapper} answers it as an OperationOutcome with its kind's status.
 * An expected outcome, so it carries no stack trace.
 */
public class Problem extends RuntimeException {

    public enum Kind {
        INVALID(400), FORBIDDEN(403), NOT_FOUND(404), NOT_ALLOWED(405), CONFLICT(409), TOO_LARGE(413),
        UNSUPPORTED_MEDIA_TYPE(415), UNPROCESSABLE(422), TOO_MANY_REQUESTS(429), UNAVAILABLE(503);

        final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final Map<String, String> headers;

    public Problem(Kind kind, String diagnostics) {
        this(kind, diagnostics, Map.of());
    }

    /** @param headers response headers the answer needs, such as {@code Allow} or {@code Retry-After} */
    public Problem(Kind kind, String diagnostics, Map<String, String> headers) {
        super(diagnostics, null, false, false);
        this.kind = kind;
        this.headers = Map.copyOf(headers);
    }

    /** The HTTP status this kind is answered with. */
    public int status() {
        return kind.status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static Problem invalid(String diagnostics) {
        return new Problem(Kind.INVALID, diagnostics);
    }

    public static Problem notFound(String diagnostics) {
        return new Problem(Kind.NOT_FOUND, diagnostics);
    }

    public static Problem conflict(String diagnostics) {
        return new Problem(Kind.CONFLICT, diagnostics);
    }

    public static Problem unprocessable(String diagnostics) {
        return new Problem(Kind.UNPROCESSABLE, diagnostics);
    }

    public static Problem tooLarge(String diagnostics) {
        return new Problem(Kind.TOO_LARGE, diagnostics);
    }

    public static Problem forbidden(String diagnostics) {
        return new Problem(Kind.FORBIDDEN, diagnostics);
    }

    /** @param allowed the methods that are allowed instead, for the {@code Allow} header */
    public static Problem notAllowed(String diagnostics, String allowed) {
        return new Problem(Kind.NOT_ALLOWED, diagnostics, Map.of("Allow", allowed));
    }
}
