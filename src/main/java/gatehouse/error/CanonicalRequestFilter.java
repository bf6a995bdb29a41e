package gatehouse.error;

import java.io.IOException;
import java.util.Enumeration;

import gatehouse.config.CanonicalPath;
import gatehouse.config.MediaTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The first filter of every request (declared first in {@code web.xml}): a path that
 * is not canonical, or a {@code Content-Type} or {@code Accept} that is not well formed,
 * gets 400 here, before authentication, throttling, policies, audit or routing see it
 * (the JAX-RS runtimes would each forgive or fail differently). A canonical path is
 * parsed once and left on the request as a {@link CanonicalPath}, which every later
 * layer reads instead of the raw string.
 */
public class CanonicalRequestFilter extends HttpFilter {

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
        String malformed = malformedHeader(request);
        if (malformed != null) {
            ServletErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, "Malformed " + malformed
                    + " header: media types are type/subtype with name=value parameters, weights q=0 to q=1",
                    path, request.getHeader("Accept"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static String malformedHeader(HttpServletRequest request) {
        Enumeration<String> types = request.getHeaders("Content-Type");
        int count = 0;
        while (types.hasMoreElements()) {
            count++;
            if (count > 1 || !MediaTypes.wellFormedContentType(types.nextElement())) {
                return "Content-Type";
            }
        }
        Enumeration<String> accepts = request.getHeaders("Accept");
        while (accepts.hasMoreElements()) {
            if (!MediaTypes.wellFormedAccept(accepts.nextElement())) {
                return "Accept";
            }
        }
        return null;
    }
}
