package gatehouse.config;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers on every response of the application: {@code X-Content-Type-Options:
 * nosniff}; and {@code Cache-Control: no-store} on everything that may carry user
 * data or tokens, which is every answer but discovery and the console's static
 * files. Again after an async dispatch ({@code ThrottleDelay}). Also tells the {@link Issuer} the port requests arrive on.
 */
public class ResponseHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    Issuer issuer;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        issuer.arrivedOn(request.getLocalPort());
        response.setHeader("X-Content-Type-Options", "nosniff");
        String path = CanonicalPath.of(request).path();
        if (!path.startsWith("/.well-known/") && !path.startsWith("/console/")) {
            response.setHeader(Protocol.CACHE_CONTROL, Protocol.NO_STORE);
        }
        chain.doFilter(request, response);
    }
}
