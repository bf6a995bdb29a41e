package gatehouse.error;

import java.io.IOException;

import gatehouse.config.CanonicalPath;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The error page of the whole application ({@code web.xml}): what the container
 * itself refuses or fails at, before or around JAX-RS (a malformed {@code Content-Type}
 * or {@code Accept}, an exception in a filter), is answered with the API's error body
 * instead of the container's HTML page. Requested directly, it is a 404 like any
 * unknown path.
 */
public class ContainerErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 && value < 600 ? value : HttpServletResponse.SC_NOT_FOUND;
        // The filter's parse of the failed request, when it got that far; never a second reading of its URI.
        CanonicalPath path = request.getAttribute(CanonicalPath.ATTRIBUTE) instanceof CanonicalPath parsed ? parsed : null;
        ServletErrors.write(response, status, diagnostics(status, code == null), path, request.getHeader("Accept"));
    }

    /** The container's own messages may echo the request; these say what happened instead. */
    private static String diagnostics(int status, boolean direct) {
        if (direct) {
            return "No such resource or endpoint";
        }
        return switch (status) {
            case 400 -> "Bad request: a malformed request line or header (Content-Type, Accept, …)";
            case 404 -> "No such resource or endpoint";
            case 405 -> "Method not allowed here";
            case 406 -> "Cannot produce the requested media type; use application/json or text/yaml";
            case 413 -> "Request too large";
            case 414 -> "Request URI too long";
            case 415 -> "Unsupported media type; send application/json or text/yaml";
            case 431 -> "Request headers too large";
            case 503 -> "Temporarily unavailable; retry shortly";
            default -> status >= 500 ? "Internal error" : "Bad request";
        };
    }
}
