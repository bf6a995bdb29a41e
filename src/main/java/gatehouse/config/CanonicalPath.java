package gatehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * The one reading of a request's path that every layer uses: authentication,
 * throttling, policies, privileged fields, audit, explain and the console take the
 * path, the resource type and the id from here, never by splitting a raw string
 * again. Only a canonical path is read at all; anything a router, a container or a
 * proxy could read differently is refused:
 * <ul>
 * <li>{@code ;} (matrix parameters, which JAX-RS routes without but a string keeps),
 * {@code \}, and any character outside printable ASCII (look-alike letters are not
 * names of ours);</li>
 * <li>any percent-encoding: no type, id or server path needs one, and each reader
 * decodes differently ({@code %2F}, {@code %2E%2E}, overlong UTF-8, a second decoding
 * of {@code %25}, and JAX-RS matching {@code /%53ession} to another resource than
 * {@code /Session});</li>
 * <li>empty, {@code .} and {@code ..} segments;</li>
 * <li>a trailing slash, except on {@code /} and the console's directories;</li>
 * <li>a first segment that differs only in case from a built-in type or a server
 * path ({@code /client}, {@code /USER}, {@code /Auth}): one name, one spelling; and a
 * lower-case first segment that is no server path (those belong to the server).</li>
 * </ul>
 */
public final class CanonicalPath {

    /** The request attribute under which the filter leaves the parsed path for the later layers. */
    public static final String ATTRIBUTE = CanonicalPath.class.getName();

    /** Types the server owns, whose spelling must never vary. */
    public static final Set<String> BUILT_IN_TYPES = Set.of("Client", "User", "Session", "AccessPolicy", "AuditEvent");

    /** First segments of the server's own paths; every other lower-case one is refused. */
    private static final Set<String> SERVER_SEGMENTS = Set.of("auth", "health", "metrics", "openapi", "console", ".well-known",
            "error");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");
    private static final String ALLOWED_RAW = "-._~!$&'()*+,=:@/";

    private final String path;
    private final List<String> segments;

    private CanonicalPath(String path, List<String> segments) {
        this.path = path;
        this.segments = segments;
    }

    /** Why a path is not canonical: said to the client as a 400. */
    public static final class NotCanonical extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public NotCanonical(String reason) {
            super("Not a canonical path: " + reason + "; send the path without matrix parameters, encoded separators, "
                    + "empty, '.' or '..' segments, or a trailing slash", null, false, false);
        }
    }

    /**
     * Parses a path below the context root as it arrived (before any decoding).
     *
     * @throws NotCanonical when any reader could take it for another path
     */
    public static CanonicalPath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            raw = "/";
        }
        if (raw.charAt(0) != '/') {
            throw new NotCanonical("it does not start with '/'");
        }
        String decoded = check(raw);
        List<String> segments = new ArrayList<>();
        if (!decoded.equals("/")) {
            String[] parts = decoded.substring(1).split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                String segment = parts[i];
                boolean last = i == parts.length - 1;
                if (segment.isEmpty() && !(last && parts[0].equals("console"))) {
                    throw new NotCanonical(last ? "a trailing slash" : "an empty segment");
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw new NotCanonical("a dot segment");
                }
                segments.add(segment);
            }
            checkSpelling(segments.get(0));
        }
        return new CanonicalPath(decoded, List.copyOf(segments));
    }

    /** The request's path as the filter parsed it; refuses (fails closed) when no filter did. */
    public static CanonicalPath of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof CanonicalPath parsed) {
            return parsed;
        }
        return parse(request.getRequestURI().substring(request.getContextPath().length()));
    }

    /**
     * The same for a JAX-RS filter. In a servlet container its request properties are the
     * servlet request's attributes (Jakarta REST says so), and reading them here spares the
     * per-request proxy that an injected {@code HttpServletRequest} costs on its first call:
     * 3–5% of a Bearer request's CPU, by profile.
     */
    public static CanonicalPath of(ContainerRequestContext request) {
        if (request.getProperty(ATTRIBUTE) instanceof CanonicalPath parsed) {
            return parsed;
        }
        UriInfo uri = request.getUriInfo();
        String base = uri.getBaseUri().getRawPath();
        return parse(uri.getRequestUri().getRawPath().substring(base.endsWith("/") ? base.length() - 1 : base.length()));
    }

    /** The path itself, when every character is one a canonical path may hold. */
    private static String check(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ';') {
                throw new NotCanonical("a matrix parameter (';')");
            }
            if (c == '%') {
                throw new NotCanonical("a percent-encoding (no name of ours needs one)");
            }
            if (c >= 0x7f || !Character.isLetterOrDigit(c) && ALLOWED_RAW.indexOf(c) < 0) {
                throw new NotCanonical("a character that is not printable ASCII or needs encoding");
            }
        }
        return raw;
    }

    private static void checkSpelling(String first) {
        String lower = first.toLowerCase(Locale.ROOT);
        for (String name : BUILT_IN_TYPES) {
            if (name.toLowerCase(Locale.ROOT).equals(lower) && !name.equals(first)) {
                throw new NotCanonical("'" + first + "' is spelled '" + name + "'");
            }
        }
        if (SERVER_SEGMENTS.contains(lower) && !lower.equals(first)) {
            throw new NotCanonical("'" + first + "' is spelled '" + lower + "'");
        }
        if (!TYPE.matcher(first).matches() && !SERVER_SEGMENTS.contains(first)) {
            throw new NotCanonical("'" + first + "' is neither a resource type (an upper-case letter, then A-Z, a-z, 0-9)"
                    + " nor a path of the server");
        }
    }

    /** The path below the context root, starting with {@code /}. */
    public String path() {
        return path;
    }

    /** The path without its leading {@code /}, as JAX-RS's {@code UriInfo.getPath()} gives it. */
    public String relative() {
        return path.substring(1);
    }

    public List<String> segments() {
        return segments;
    }

    /** The resource type, for {@code /{type}} and {@code /{type}/{id}}. */
    public Optional<String> type() {
        return !segments.isEmpty() && segments.size() <= 2 && TYPE.matcher(segments.get(0)).matches()
                ? Optional.of(segments.get(0)) : Optional.empty();
    }

    /** The resource id, for {@code /{type}/{id}}. */
    public Optional<String> id() {
        return type().isPresent() && segments.size() == 2 ? Optional.of(segments.get(1)) : Optional.empty();
    }

    /** Whether this is the path of a type ({@code /Patient}) or of one resource ({@code /Patient/pt-1}). */
    public boolean isResource() {
        return type().isPresent();
    }

    @Override
    public String toString() {
        return path;
    }
}
