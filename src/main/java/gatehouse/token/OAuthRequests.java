package gatehouse.token;

import java.io.InputStream;

import gatehouse.config.SourceAddresses;
import gatehouse.error.Problem;
import gatehouse.store.Representation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads the body of a request to an OAuth endpoint (token, introspection, revocation), bounded in size. */
@ApplicationScoped
public class OAuthRequests {

    @Inject
    @ConfigProperty(name = "gatehouse.max.body.bytes")
    long maxBodyBytes;

    @Inject
    SourceAddresses addresses;

    private static boolean hasBody(HttpHeaders headers) {
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return headers.getHeaderString("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }

    /** Where the request comes from, for throttling and the audit trail. */
    public String source(HttpServletRequest request) {
        return addresses.of(request);
    }

    /**
     * The request's parameters and client credentials. Only a form (RFC 6749 §3.2)
     * or JSON (as Aidbox takes it) is read: any other media type, or a body without
     * one, is refused with 415 before a byte of the body is read.
     */
    public TokenRequest read(HttpHeaders headers, InputStream body) {
        MediaType type = headers.getMediaType();
        boolean readable = type != null && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.APPLICATION_JSON_TYPE));
        if (!readable && (type != null || hasBody(headers))) {
            throw new Problem(Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
                    "Send the parameters as application/x-www-form-urlencoded or application/json");
        }
        return TokenRequest.parse(headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getMediaType(), Representation.read(body, maxBodyBytes));
    }
}
