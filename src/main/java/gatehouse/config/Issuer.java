package gatehouse.config;

import java.net.URI;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's own address: the JWT {@code iss}, the base of the discovery URLs,
 * of {@code Location} headers and of Bundle links, never taken from a request's
 * {@code Host} header. {@code gatehouse.issuer} when set; otherwise
 * {@code http://localhost:<port>}, with the port the first request arrived on, and
 * a warning that production must set it.
 */
@ApplicationScoped
public class Issuer {

    private static final Logger LOG = Logger.getLogger(Issuer.class.getName());
    static final String FALLBACK = "http://localhost:8080";

    @Inject
    @ConfigProperty(name = "gatehouse.issuer")
    Optional<String> configured;

    private volatile String fromPort;

    /** The issuer URL, exactly as configured (or derived): what the JWT {@code iss} holds. */
    public String url() {
        return configured.orElseGet(() -> fromPort != null ? fromPort : FALLBACK);
    }

    /** A builder at the issuer URL, for links below it. */
    public UriBuilder base() {
        return UriBuilder.fromUri(URI.create(url()));
    }

    /** The port a request arrived on (the socket's), which the issuer follows while none is configured. */
    void arrivedOn(int localPort) {
        if (configured.isEmpty() && fromPort == null) {
            synchronized (this) {
                if (fromPort == null) {
                    fromPort = "http://localhost:" + localPort;
                    LOG.warning(() -> "GATEHOUSE_ISSUER is not set: issuing tokens as " + fromPort
                            + "; set it to the address clients use");
                }
            }
        }
    }

    public boolean configured() {
        return configured.isPresent();
    }
}
