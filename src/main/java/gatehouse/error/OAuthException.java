package gatehouse.error;

import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import jakarta.ejb.ApplicationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An OAuth error response (RFC 6749 §5.2) that renders itself: JSON body,
 * {@code Cache-Control: no-store}, and the challenge RFC 6749 §5.2 and
 * RFC 6750 §3 ask for on 401. An application exception, so an EJB passes it
 * through unwrapped and rolls its transaction back.
 */
@ApplicationException(rollback = true)
public class OAuthException extends WebApplicationException {

    private final OAuthError error;

    public OAuthException(OAuthError error, String description) {
        super(description, render(error, description));
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }

    /** The same body for a {@link Problem} met at an OAuth endpoint: its status and headers, an OAuth error code. */
    static Response render(Problem problem) {
        OAuthError error = problem.status() == 429 || problem.status() >= 500
                ? OAuthError.TEMPORARILY_UNAVAILABLE : OAuthError.INVALID_REQUEST;
        Response.ResponseBuilder response = Response.fromResponse(render(error, problem.getMessage())).status(problem.status());
        problem.headers().forEach(response::header);
        return response.build();
    }

    private static Response render(OAuthError error, String description) {
        Response.ResponseBuilder response = Response.status(error.status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(Protocol.CACHE_CONTROL, Protocol.NO_STORE)
                .header("Pragma", "no-cache")
                .entity(Jsonp.PROVIDER.createObjectBuilder()
                        .add("error", error.code())
                        .add("error_description", description)
                        .build());
        if (error == OAuthError.INVALID_CLIENT) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, Protocol.BASIC_CHALLENGE);
        } else if (error == OAuthError.INVALID_TOKEN) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, Protocol.INVALID_TOKEN_CHALLENGE);
        }
        return response.build();
    }
}
