package gatehouse.error;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import gatehouse.config.CanonicalPath;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statuses a client cannot make the container raise on purpose (its own 500 and 503,
 * 414 and 431 where the listener reports them) are rendered like every other error: the
 * error page is driven here with the attributes the container sets on an error dispatch.
 */
class ContainerErrorPageTest {

    /** What the page wrote: status, headers and body. */
    record Written(int status, Map<String, String> headers, String body) {
    }

    private static Written render(int status, String path, String accept) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(RequestDispatcher.ERROR_STATUS_CODE, status);
        if (path != null) {
            attributes.put(CanonicalPath.ATTRIBUTE, CanonicalPath.parse(path));
        }
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(ContainerErrorPageTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getHeader" -> "Accept".equalsIgnoreCase((String) args[0]) ? accept : null;
                    case "getMethod" -> "GET";
                    default -> null;
                });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> headers = new HashMap<>();
        int[] written = {200};
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(ContainerErrorPageTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> written[0] = (Integer) args[0];
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        new ContainerErrorPage().service(request, response);
        return new Written(written[0], headers, body.toString(StandardCharsets.UTF_8));
    }

    private static JsonObject json(Written written) {
        try (var reader = Json.createReader(new StringReader(written.body()))) {
            return reader.readObject();
        }
    }

    @ParameterizedTest
    @CsvSource({"400,invalid", "404,not-found", "405,not-supported", "406,not-supported", "413,too-costly", "414,invalid",
            "415,not-supported", "431,too-costly", "500,exception", "503,transient"})
    void whenTheContainerFailsThenAnOperationOutcomeWithItsStatus(int status, String code) throws Exception {
        Written written = render(status, "/Patient/x", null);
        assertEquals(status, written.status());
        assertTrue(written.headers().get("Content-Type").startsWith("application/json"), written.toString());
        assertEquals("no-store", written.headers().get("Cache-Control"));
        JsonObject outcome = json(written);
        assertEquals("OperationOutcome", outcome.getString("resourceType"));
        assertEquals(code, outcome.getJsonArray("issue").getJsonObject(0).getString("code"));
    }

    @ParameterizedTest
    @CsvSource({"400,invalid_request", "405,invalid_request", "500,temporarily_unavailable", "503,temporarily_unavailable"})
    void whenTheContainerFailsAtAnOAuthEndpointThenAnOAuthError(int status, String error) throws Exception {
        Written written = render(status, "/auth/token", "text/yaml");
        assertEquals(status, written.status());
        assertTrue(written.headers().get("Content-Type").startsWith("application/json"), "OAuth errors are JSON: " + written);
        assertEquals(error, json(written).getString("error"));
    }

    @ParameterizedTest
    @CsvSource({"text/yaml", "application/x-yaml"})
    void whenYamlIsAskedForThenYaml(String accept) throws Exception {
        Written written = render(500, "/Patient/x", accept);
        assertTrue(written.headers().get("Content-Type").startsWith("text/yaml"), written.toString());
        assertEquals("exception", json(written).getJsonArray("issue").getJsonObject(0).getString("code"),
                "a JSON text is a YAML document");
    }

    @ParameterizedTest
    @CsvSource({"500", "400"})
    void whenThePathWasNeverParsedThenAnOperationOutcome(int status) throws Exception {
        assertEquals("OperationOutcome", json(render(status, null, null)).getString("resourceType"));
    }
}
