package gatehouse.error;

import gatehouse.store.Jsonp;
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

    public static final String REALM = "gatehouse";

    private final OAuthError error;

    public OAuthException(OAuthError error, String description) {
        super(description, render(error, description));
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }

    private static Response render(OAuthError error, String description) {
        Response.ResponseBuilder response = Response.status(error.status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(Jsonp.PROVIDER.createObjectBuilder()
                        .add("error", error.code())
                        .add("error_description", description)
                        .build());
        if (error == OAuthError.INVALID_CLIENT) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        } else if (error == OAuthError.INVALID_TOKEN) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge());
        }
        return response.build();
    }

    public static String bearerChallenge() {
        return "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"";
    }
}
