package gatehouse.error;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Jsonp;
import gatehouse.config.MediaTypes;
import gatehouse.config.Protocol;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Error answers written below JAX-RS, where no exception mapper runs (a path
 * refused before routing, an error the container raised itself): the same
 * bodies the mappers write, an OAuth error at the OAuth endpoints and an
 * OperationOutcome elsewhere. YAML when the client ranks it first; a JSON text is a
 * YAML document, so it is written the same way.
 */
final class ServletErrors {

    private ServletErrors() {
    }

    /** @param path the request's parsed path, or null when it was refused or never parsed */
    static void write(HttpServletResponse response, int status, String diagnostics, CanonicalPath path, String accept)
            throws IOException {
        boolean oauth = path != null && Protocol.isOAuthEndpoint(path);
        JsonObject body = oauth ? OAuthException.body(OAuthException.errorFor(status), diagnostics) : OperationOutcome.of(status, diagnostics);
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader(Protocol.CACHE_CONTROL, Protocol.NO_STORE);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType((!oauth && prefersYaml(accept) ? MediaTypes.TEXT_YAML : "application/json") + ";charset=utf-8");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Whether the Accept header ranks a YAML type above JSON. Read leniently: the
     * header may be the very thing that is malformed, and an entry that cannot be
     * read is skipped.
     */
    static boolean prefersYaml(String accept) {
        if (accept == null) {
            return false;
        }
        double yaml = -1;
        double json = -1;
        for (String entry : accept.split(",", -1)) {
            String[] parts = entry.split(";", -1);
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException unreadable) {
                        q = -1;
                    }
                }
            }
            if (q < 0 || q > 1) {
                continue;
            }
            if (type.equals(MediaTypes.TEXT_YAML) || type.equals(MediaTypes.APPLICATION_YAML)
                    || type.equals(MediaTypes.APPLICATION_X_YAML)) {
                yaml = Math.max(yaml, q);
            } else if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")) {
                json = Math.max(json, q);
            }
        }
        return yaml > 0 && yaml > json;
    }
}
