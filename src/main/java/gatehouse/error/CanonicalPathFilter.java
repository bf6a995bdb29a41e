package gatehouse.error;

import java.io.IOException;

import gatehouse.config.CanonicalPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The first filter of every request (declared first in {@code web.xml}): a path that
 * is not canonical gets 400 here, before authentication, throttling, policies, audit
 * or routing see it; a canonical one is parsed once and left on the request as a
 * {@link CanonicalPath}, which every later layer reads instead of the raw string.
 */
public class CanonicalPathFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        CanonicalPath path;
        try {
            if (request.isRequestedSessionIdFromURL()) {
                // The container cut ";jsessionid=…" (and what followed it in the segment) out of the URI already.
                throw new CanonicalPath.NotCanonical("a session id in the path (';jsessionid=')");
            }
            path = CanonicalPath.parse(raw);
        } catch (CanonicalPath.NotCanonical e) {
            ServletErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), null, request.getHeader("Accept"));
            return;
        }
        request.setAttribute(CanonicalPath.ATTRIBUTE, path);
        chain.doFilter(request, response);
    }
}
