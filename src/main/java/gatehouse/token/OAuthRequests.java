package gatehouse.token;

import java.io.InputStream;

import gatehouse.store.Representation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads the body of a request to an OAuth endpoint (token, introspection, revocation), bounded in size. */
@ApplicationScoped
public class OAuthRequests {

    @Inject
    @ConfigProperty(name = "gatehouse.max.body.bytes")
    long maxBodyBytes;

    public TokenRequest read(HttpHeaders headers, InputStream body) {
        return TokenRequest.parse(headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getMediaType(), Representation.read(body, maxBodyBytes));
    }
}
