package gatehouse.error;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Protocol;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Renders JAX-RS's own exceptions (ours and the runtime's: 404, 405, 415, …) as
 * an OperationOutcome (at the OAuth endpoints, an RFC 6749 §5.2 error), keeping
 * their status and headers (e.g. WWW-Authenticate,
 * Allow). Exceptions that already carry a body, such as OAuth errors, never
 * reach a mapper.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpHeaders headers;

    @Context
    HttpServletRequest http;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return UnexpectedExceptionMapper.internalError(exception, headers);
        }
        Response.ResponseBuilder response = Protocol.isOAuthEndpoint(CanonicalPath.of(http))
                ? OAuthException.render(status, diagnostics(exception, status))
                : OperationOutcome.response(status, diagnostics(exception, status), headers);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Cache-Control")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    /** The runtime's own messages are generic ("HTTP 404 Not Found"); say what happened. */
    private static String diagnostics(WebApplicationException exception, int status) {
        String message = exception.getMessage();
        if (message == null || message.startsWith("HTTP " + status)) {
            return switch (status) {
                case 404 -> "No such resource or endpoint";
                case 405 -> "Method not allowed here";
                case 406 -> "Cannot produce the requested media type; use application/json or text/yaml";
                case 415 -> "Unsupported media type; send application/json or text/yaml";
                case 401 -> "Authentication required";
                case 403 -> "Forbidden";
                default -> "Bad request";
            };
        }
        return message;
    }
}
