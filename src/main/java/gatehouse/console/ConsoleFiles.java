package gatehouse.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import gatehouse.config.CanonicalPath;
import gatehouse.error.OperationOutcome;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the console's files from the WAR's {@code /console/} directory. JAX-RS is
 * mapped to {@code /*}, which on both Payara and WildFly takes every request from the
 * container's default servlet, so this filter answers {@code /console/*} itself before
 * JAX-RS sees it: the same code on both servers, no container-specific mapping. Only
 * names of a fixed shape are looked up (no traversal), only GET and HEAD, each file
 * with a strict Content-Security-Policy: scripts, styles and connections to this origin
 * only, no inline script, no {@code eval}, no framing.
 */
public class ConsoleFiles extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static final Pattern NAME = Pattern.compile("/console/(?:[a-z0-9-]+/)*[a-z0-9-]+\\.(html|js|css|png|svg)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml");

    /** Files found (never misses: callers choose the names); they do not change while the WAR is deployed. */
    private final Map<String, StaticFile> files = new ConcurrentHashMap<>();

    @Inject
    @ConfigProperty(name = "gatehouse.console.enabled")
    boolean enabled;

    record StaticFile(byte[] content, String type, String etag) {
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
        String path = CanonicalPath.of(request).path();
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        if (!enabled) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "The console is turned off (gatehouse.console.enabled)");
            return;
        }
        if (path.equals("/console")) {
            // Relative, so never built on the request's Host header.
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", request.getContextPath() + "/console/");
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "The console's files are only read");
            return;
        }
        Optional<StaticFile> file = file(path.equals("/console/") ? "/console/index.html" : path);
        if (file.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "No such file in the console");
            return;
        }
        // Revalidated on every load, so a new WAR's files are used at once; unchanged ones cost a 304.
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", file.get().etag());
        if (file.get().etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(file.get().type());
        response.setContentLength(file.get().content().length);
        if (method.equals("GET")) {
            response.getOutputStream().write(file.get().content());
        }
    }

    private Optional<StaticFile> file(String path) {
        StaticFile known = files.get(path);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<StaticFile> loaded = load(path);
        loaded.ifPresent(file -> files.put(path, file));
        return loaded;
    }

    private static void error(HttpServletResponse response, int status, String diagnostics) throws IOException {
        byte[] body = OperationOutcome.of(status, diagnostics).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private Optional<StaticFile> load(String path) {
        var name = NAME.matcher(path);
        if (!name.matches()) {
            return Optional.empty();
        }
        try (InputStream in = getServletContext().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] content = in.readAllBytes();
            return Optional.of(new StaticFile(content, TYPES.get(name.group(1)), etag(content)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path + " from the WAR", e);
        }
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
