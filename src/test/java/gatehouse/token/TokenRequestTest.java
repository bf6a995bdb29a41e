package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import gatehouse.client.ClientCredentials;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestTest {

    private static final MediaType FORM = MediaType.APPLICATION_FORM_URLENCODED_TYPE;
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;

    @Test
    void formBodyParsed() {
        TokenRequest request = parse(null, FORM, "grant_type=password&username=alice&password=s3cret");

        assertEquals(Map.of("grant_type", "password", "username", "alice", "password", "s3cret"), request.parameters());
        assertEquals(Optional.empty(), request.credentials());
    }

    @Test
    void formBodyValuesAreUrlDecoded() {
        TokenRequest request = parse(null, FORM, "grant_type=password&username=a%40b.example&password=p+w%26%3D%25");

        assertEquals("a@b.example", request.required("username"));
        assertEquals("p w&=%", request.required("password"));
    }

    @Test
    void formBodyWithCharsetParameterParsed() {
        TokenRequest request = parse(null, MediaType.valueOf("application/x-www-form-urlencoded;charset=UTF-8"),
                "grant_type=password&username=zo%C3%AB");

        assertEquals("zoë", request.required("username"));
    }

    @Test
    void formBodyWithEmptyPairsAndValuelessParameter() {
        TokenRequest request = parse(null, FORM, "&grant_type=password&&scope&");

        assertEquals(Map.of("grant_type", "password", "scope", ""), request.parameters());
    }

    @Test
    void emptyFormBodyThenNoParameters() {
        TokenRequest request = parse(null, FORM, "");

        assertEquals(Map.of(), request.parameters());
    }

    @Test
    void repeatedFormParameterThenInvalidRequest() {
        assertInvalidRequest(() -> parse(null, FORM, "grant_type=password&username=alice&username=bob"));
    }

    @Test
    void repeatedFormParameterWithSameValueThenInvalidRequest() {
        assertInvalidRequest(() -> parse(null, FORM, "grant_type=password&grant_type=password"));
    }

    @Test
    void repeatedClientIdInBodyThenInvalidRequest() {
        assertInvalidRequest(() -> parse(null, FORM, "grant_type=password&client_id=a&client_id=b"));
    }

    @Test
    void malformedFormEncodingThenInvalidRequest() {
        assertInvalidRequest(() -> parse(null, FORM, "grant_type=password&username=%zz"));
    }

    @Test
    void tooManyParametersThenInvalidRequest() {
        StringBuilder body = new StringBuilder("grant_type=password");
        for (int i = 1; i <= TokenRequest.MAX_PARAMETERS; i++) {
            body.append("&p").append(i).append("=x");
        }

        assertInvalidRequest(() -> parse(null, FORM, body.toString()));
    }

    @Test
    void jsonBodyParsed() {
        TokenRequest request = parse(null, JSON, "{\"grant_type\": \"password\", \"username\": \"alice\", \"password\": \"s3cret\"}");

        assertEquals(Map.of("grant_type", "password", "username", "alice", "password", "s3cret"), request.parameters());
        assertEquals(Optional.empty(), request.credentials());
    }

    @Test
    void jsonBodyWithClientCredentials() {
        TokenRequest request = parse(null, JSON,
                "{\"grant_type\": \"password\", \"client_id\": \"app\", \"client_secret\": \"verysecret\"}");

        assertEquals(Optional.of(new ClientCredentials("app", "verysecret")), request.credentials());
        assertFalse(request.parameters().containsKey("client_id"));
        assertFalse(request.parameters().containsKey("client_secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/yaml", "application/yaml", "text/plain", "application/fhir+json"})
    void bodiesOtherThanFormAndJsonThenInvalidRequest(String type) { // RFC 6749 §3.2: form; Aidbox: JSON; nothing else
        var error = assertThrows(OAuthException.class,
                () -> parse(null, MediaType.valueOf(type), "grant_type: password\nusername: alice\n"));

        assertEquals(OAuthError.INVALID_REQUEST, error.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"grant_type\": \"password\", \"username\": 42}",
            "{\"grant_type\": \"password\", \"username\": null}",
            "{\"grant_type\": true}",
            "{\"grant_type\": \"password\", \"username\": [\"alice\"]}",
            "{\"grant_type\": \"password\", \"username\": {\"id\": \"alice\"}}",
            "{\"grant_type\": \"password\", \"client_secret\": 123}"})
    void nonStringJsonValueThenInvalidRequest(String body) {
        assertInvalidRequest(() -> parse(null, JSON, body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[\"grant_type\", \"password\"]", "{\"grant_type\": \"a\", \"grant_type\": \"b\"}"})
    void malformedJsonBodyThenInvalidRequest(String body) {
        assertInvalidRequest(() -> parse(null, JSON, body));
    }

    @Test
    void credentialsFromBasicHeader() {
        TokenRequest request = parse(basic("app", "verysecret"), FORM, "grant_type=password&username=alice&password=pw");

        assertEquals(Optional.of(new ClientCredentials("app", "verysecret")), request.credentials());
        assertEquals(Map.of("grant_type", "password", "username", "alice", "password", "pw"), request.parameters());
    }

    @Test
    void basicSchemeIsCaseInsensitive() {
        String header = "basic " + base64("app:verysecret");

        assertEquals(Optional.of(new ClientCredentials("app", "verysecret")), parse(header, FORM, "grant_type=password").credentials());
    }

    @Test
    void basicCredentialsAreFormUrlDecodedEachPart() {
        String header = "Basic " + base64(formEncode("a b") + ":" + formEncode("p:w%d+é"));

        TokenRequest request = parse(header, FORM, "grant_type=password");

        assertEquals("a+b:p%3Aw%25d%2B%C3%A9", formEncode("a b") + ":" + formEncode("p:w%d+é"));
        assertEquals(Optional.of(new ClientCredentials("a b", "p:w%d+é")), request.credentials());
    }

    @Test
    void basicClientIdWithEncodedColonSplitsAtTheRawColon() {
        String header = "Basic " + base64(formEncode("urn:app") + ":" + formEncode("s:e:c"));

        assertEquals(Optional.of(new ClientCredentials("urn:app", "s:e:c")), parse(header, FORM, "grant_type=password").credentials());
    }

    @Test
    void basicWithEmptySecretGivesEmptySecret() {
        assertEquals(Optional.of(new ClientCredentials("app", "")), parse(basic("app", ""), FORM, "grant_type=password").credentials());
    }

    @Test
    void credentialsInHeaderAndSecretInBodyThenInvalidRequest() {
        assertInvalidRequest(() -> parse(basic("app", "verysecret"), FORM, "grant_type=password&client_secret=verysecret"));
        assertInvalidRequest(() -> parse(basic("app", "verysecret"), FORM, "grant_type=password&client_id=app&client_secret=verysecret"));
        assertInvalidRequest(() -> parse(basic("app", "verysecret"), JSON, "{\"grant_type\": \"password\", \"client_secret\": \"x\"}"));
    }

    @Test
    void headerAndDifferentBodyClientIdThenInvalidRequest() {
        assertInvalidRequest(() -> parse(basic("app", "verysecret"), FORM, "grant_type=password&client_id=other"));
    }

    @Test
    void headerAndSameBodyClientIdThenHeaderCredentials() {
        TokenRequest request = parse(basic("app", "verysecret"), FORM, "grant_type=password&client_id=app");

        assertEquals(Optional.of(new ClientCredentials("app", "verysecret")), request.credentials());
        assertFalse(request.parameters().containsKey("client_id"));
    }

    @Test
    void bodyClientIdOnlyThenPublicClientWithoutSecret() {
        TokenRequest request = parse(null, FORM, "grant_type=password&client_id=spa&username=alice&password=pw");

        ClientCredentials credentials = request.credentials().orElseThrow();
        assertEquals("spa", credentials.clientId());
        assertNull(credentials.secret());
    }

    @Test
    void bodyClientIdAndSecretThenBodyCredentials() {
        TokenRequest request = parse(null, FORM, "grant_type=password&client_id=app&client_secret=p%3Aw");

        assertEquals(Optional.of(new ClientCredentials("app", "p:w")), request.credentials());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!not-base64!!!", "Basic bm9jb2xvbg==", "Basic ", "Basic YTpi%ZZ", "Basic JXp6OnNlY3JldA=="})
    void unreadableBasicThenInvalidClient(String header) {
        var error = assertThrows(OAuthException.class, () -> parse(header, FORM, "grant_type=password"));

        assertEquals(OAuthError.INVALID_CLIENT, error.error());
        assertEquals(401, error.getResponse().getStatus());
    }

    @Test
    void bearerAuthorizationIsNotClientCredentials() {
        TokenRequest request = parse("Bearer some.jwt.value", FORM, "grant_type=password");

        assertEquals(Optional.empty(), request.credentials());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "multipart/form-data"})
    void unsupportedContentTypeThenInvalidRequest(String type) {
        assertInvalidRequest(() -> parse(null, MediaType.valueOf(type), "grant_type=password"));
    }

    @Test
    void missingContentTypeWithBodyThenInvalidRequest() {
        assertInvalidRequest(() -> parse(null, null, "grant_type=password"));
    }

    @Test
    void missingContentTypeWithoutBodyThenNoParameters() {
        TokenRequest request = parse(basic("app", "verysecret"), null, "");

        assertEquals(Map.of(), request.parameters());
        assertTrue(request.credentials().isPresent());
    }

    @Test
    void requiredReturnsPresentParameter() {
        assertEquals("password", parse(null, FORM, "grant_type=password").required("grant_type"));
    }

    @Test
    void requiredWhenMissingThenInvalidRequest() {
        TokenRequest request = parse(null, FORM, "grant_type=password");

        var error = assertInvalidRequest(() -> request.required("username"));
        assertTrue(error.getMessage().contains("username"), error.getMessage());
    }

    @Test
    void requiredWhenEmptyThenInvalidRequest() {
        TokenRequest request = parse(null, FORM, "grant_type=password&username=");

        assertInvalidRequest(() -> request.required("username"));
    }

    @Test
    void optionalTreatsEmptyAsAbsent() {
        TokenRequest request = parse(null, FORM, "grant_type=password&scope=");

        assertEquals(Optional.empty(), request.optional("scope"));
        assertEquals(Optional.empty(), request.optional("nothing"));
        assertEquals(Optional.of("password"), request.optional("grant_type"));
    }

    @Test
    void parametersAreImmutable() {
        TokenRequest request = parse(null, FORM, "grant_type=password");

        assertThrows(UnsupportedOperationException.class, () -> request.parameters().put("username", "x"));
    }

    @Test
    void toStringNeverContainsParameterValues() {
        TokenRequest request = parse(basic("app", "client-secret-value"), FORM,
                "grant_type=password&username=alice-name&password=user-password-value");

        String text = request.toString();

        assertTrue(text.contains("password"), text);
        assertFalse(text.contains("user-password-value"), text);
        assertFalse(text.contains("alice-name"), text);
        assertFalse(text.contains("client-secret-value"), text);
    }

    @Test
    void toStringNeverContainsBodySecret() {
        TokenRequest request = parse(null, FORM, "grant_type=password&client_id=app&client_secret=body-secret-value");

        assertFalse(request.toString().contains("body-secret-value"), request.toString());
    }

    private static TokenRequest parse(String authorization, MediaType type, String body) {
        return TokenRequest.parse(authorization, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static OAuthException assertInvalidRequest(org.junit.jupiter.api.function.Executable executable) {
        var error = assertThrows(OAuthException.class, executable);
        assertEquals(OAuthError.INVALID_REQUEST, error.error());
        assertEquals(400, error.getResponse().getStatus());
        return error;
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + base64(formEncode(clientId) + ":" + formEncode(secret));
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
