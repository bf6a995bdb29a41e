package gatehouse.testing;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A small HTTP client for black-box tests; remembers the last reply for the failure report. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    static final ThreadLocal<String> LAST = new ThreadLocal<>();

    private final String base;

    public Http(URL base) {
        this(base.toString());
    }

    public Http(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    public Request get(String path) {
        return new Request("GET", path);
    }

    public Request post(String path) {
        return new Request("POST", path);
    }

    public Request put(String path) {
        return new Request("PUT", path);
    }

    public Request delete(String path) {
        return new Request("DELETE", path);
    }

    public Request method(String method, String path) {
        return new Request(method, path);
    }

    /**
     * Moves the server's clock forward (servers started with {@code gatehouse.test.clock=true}):
     * for tests of expiry, instead of sleeping. Returns the server's time just after the move.
     */
    public java.time.Instant advanceClock(java.time.Duration by) {
        Reply reply = post("/auth/test/clock?advance=" + by.toSeconds()).root().send();
        if (reply.status() != 200) {
            throw new IllegalStateException("Cannot move the server's clock: " + reply);
        }
        return java.time.Instant.parse(reply.json().getString("now"));
    }

    /** Root client credentials, as the test servers are configured. */
    public Request asRoot(Request request) {
        return request.basic("root", System.getProperty("it.root.secret"));
    }

    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request basic(String id, String secret) {
            return header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }

        /** HTTP Basic as RFC 6749 §2.3.1 wants it from OAuth clients: each part form-encoded. */
        public Request oauthBasic(String id, String secret) {
            return basic(URLEncoder.encode(id, StandardCharsets.UTF_8), URLEncoder.encode(secret, StandardCharsets.UTF_8));
        }

        public Request root() {
            return asRoot(this);
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Request accept(String type) {
            return header("Accept", type);
        }

        public Request body(String contentType, String content) {
            return body(contentType, content.getBytes(StandardCharsets.UTF_8));
        }

        public Request body(String contentType, byte[] content) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            body = content;
            return this;
        }

        public Request json(JsonObject content) {
            return body("application/json", content.toString());
        }

        public Request json(String content) {
            return body("application/json", content);
        }

        public Request yaml(String content) {
            return body("text/yaml", content);
        }

        /** A form body from name, value pairs, each form-encoded. */
        public Request form(String... pairs) {
            StringBuilder form = new StringBuilder();
            for (int i = 0; i < pairs.length; i += 2) {
                if (form.length() > 0) {
                    form.append('&');
                }
                form.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
            return body("application/x-www-form-urlencoded", form.toString());
        }

        public Reply send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            try {
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Reply reply = new Reply(response.statusCode(), response.headers(), response.body());
                LAST.set(method + " " + path + "\n" + reply);
                return reply;
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + headers.map() + "\n" + body;
        }
    }
}
