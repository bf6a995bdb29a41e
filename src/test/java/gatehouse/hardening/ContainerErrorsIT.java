package gatehouse.hardening;

import java.util.Locale;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error is the API's error: what the servlet container or the JAX-RS runtime
 * refuses by itself (malformed headers, unknown paths and methods, media types, sizes)
 * is answered with an OperationOutcome, or an OAuth error at the OAuth endpoints, in
 * JSON or YAML as asked, never with the server's HTML page. On Payara and WildFly alike.
 */
class ContainerErrorsIT extends GatehouseIT {

    private static JsonObject outcome(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.toString());
        assertJson(reply);
        JsonObject body = reply.json();
        assertEquals("OperationOutcome", body.getString("resourceType"), reply.toString());
        assertEquals(code, body.getJsonArray("issue").getJsonObject(0).getString("code"), reply.toString());
        return body;
    }

    private static void oauth(Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply.toString());
        assertJson(reply);
        assertEquals(error, reply.json().getString("error"), reply.toString());
    }

    private static void assertJson(Reply reply) {
        String type = reply.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), "not JSON: " + reply);
        assertFalse(reply.body().toLowerCase(Locale.ROOT).contains("<html"), reply.toString());
    }

    @Test
    void malformedContentTypeOrAcceptThen400AsTheApisErrorAndNothingStored() {
        for (String type : new String[] {";;;", "/", "a/b/c", ";charset=utf-8", "application/json; charset", "application/json;=x"}) {
            outcome(http.put("/Patient/malformed").root().body(type, "{}").send(), 400, "invalid");
        }
        for (String accept : new String[] {"text/yaml;q=abc", ";;;", "text/yaml;q=", "*/*;q=x", "application/json;q=2"}) {
            outcome(http.put("/Patient/malformed").root().accept(accept).json("{}").send(), 400, "invalid");
        }
        outcome(http.get("/Patient/malformed").root().send(), 404, "not-found");
        oauth(http.post("/auth/token").body(";;;", "grant_type=password").send(), 400, "invalid_request");
        oauth(http.post("/auth/token").accept("text/yaml;q=abc").form("grant_type", "password").send(), 400, "invalid_request");
        // RFC 9110 allows empty parameters: well formed, and served
        assertEquals(201, http.put("/Patient/empty-parameters").root().body("application/json;;;", "{}").send().status());
    }

    @Test
    void unknownPathsMethodsAndMediaTypesThenTheApisError() {
        outcome(http.get("/error").send(), 404, "not-found");
        outcome(http.get("/Patient/x/y/z").root().send(), 404, "not-found");
        outcome(http.get("/nowhere").root().send(), 400, "invalid");
        outcome(http.delete("/Patient").root().send(), 405, "not-supported");
        oauth(http.delete("/auth/token").send(), 405, "invalid_request");
        oauth(http.get("/auth/token").send(), 405, "invalid_request");
        Reply notAcceptable = http.get("/.well-known/jwks.json").accept("image/png").send();
        outcome(notAcceptable, 406, "not-supported");
        outcome(http.put("/Patient/text").root().body("text/plain", "x").send(), 415, "not-supported");
        outcome(http.put("/Patient/large").root().json("{\"a\":\"" + "x".repeat(1_100_000) + "\"}").send(), 413, "too-costly");
    }

    @Test
    void whenYamlIsAskedForThenTheContainersErrorsAreYamlToo() {
        Reply reply = http.get("/error").accept("text/yaml").send();
        assertEquals(404, reply.status());
        assertTrue(reply.header("Content-Type").startsWith("text/yaml"), reply.toString());
        assertTrue(reply.body().contains("OperationOutcome"), reply.body());
        Reply refused = http.get("/Patient;x=1/y").root().accept("text/yaml").send();
        assertEquals(400, refused.status());
        assertTrue(refused.header("Content-Type").startsWith("text/yaml"), refused.toString());
    }

    /**
     * Request lines and headers past the listener's buffers are refused by the HTTP layer
     * before any application is chosen: a 4xx without a body (Payara) or the API's
     * error, never an HTML page and never a 5xx.
     */
    @Test
    void oversizedUriOrHeadersThen4xxAndNeverAnHtmlPage() {
        Reply longUri = http.get("/Patient/" + "a".repeat(20_000)).root().send();
        Reply bigHeader = http.get("/Patient/x").root().header("X-Padding", "b".repeat(70_000)).send();
        for (Reply reply : new Reply[] {longUri, bigHeader}) {
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
            assertFalse(reply.body().toLowerCase(Locale.ROOT).contains("<html"), reply.toString());
            if (!reply.body().isEmpty()) {
                assertJson(reply);
            }
        }
    }
}
