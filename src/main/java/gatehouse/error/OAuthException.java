package gatehouse.error;

import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import jakarta.json.JsonObject;
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
        Response.ResponseBuilder response = render(problem.status(), problem.getMessage());
        problem.headers().forEach(response::header);
        return response.build();
    }

    /** Any other refusal at an OAuth endpoint (the runtime's 404, 405, 415, a throttle's 429): its status, an OAuth body. */
    static Response.ResponseBuilder render(int status, String description) {
        return Response.fromResponse(render(errorFor(status), description)).status(status);
    }

    /** The OAuth error code for a refusal that is not one of the grant's own. */
    static OAuthError errorFor(int status) {
        return status == 429 || status >= 500 ? OAuthError.TEMPORARILY_UNAVAILABLE : OAuthError.INVALID_REQUEST;
    }

    /** The RFC 6749 §5.2 body. */
    static JsonObject body(OAuthError error, String description) {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("error", error.code())
                .add("error_description", description)
                .build();
    }

    private static Response render(OAuthError error, String description) {
        Response.ResponseBuilder response = Response.status(error.status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(Protocol.CACHE_CONTROL, Protocol.NO_STORE)
                .header("Pragma", "no-cache")
                .entity(body(error, description));
        if (error == OAuthError.INVALID_CLIENT) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, Protocol.BASIC_CHALLENGE);
        } else if (error == OAuthError.INVALID_TOKEN) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, Protocol.INVALID_TOKEN_CHALLENGE);
        }
        return response.build();
    }
}
