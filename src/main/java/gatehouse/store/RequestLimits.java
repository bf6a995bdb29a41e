package gatehouse.store;

import gatehouse.error.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length is over the limit before reading any of
 * it; bodies without a length are cut off while being read (Representation).
 */
@Provider
@PreMatching
@Priority(100)
public class RequestLimits implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "gatehouse.max.body.bytes")
    long maxBodyBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBodyBytes) {
            throw Problem.tooLarge("Request body larger than " + maxBodyBytes + " bytes");
        }
    }
}
