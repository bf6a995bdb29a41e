package gatehouse.token;

import java.util.UUID;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.JwtParts;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static gatehouse.token.PasswordGrantIT.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client credentials grant (RFC 6749 §4.4, docs/api.md#tokens): a confidential
 * client's own tokens, a Session with a client and no user, and the policies
 * linked to the client (with {@code .client.id} references) deciding what they do.
 */
class ClientCredentialsIT extends GatehouseIT {

    private TestClient service(String... auth) {
        String id = "service-" + UUID.randomUUID();
        String secret = "secret-" + UUID.randomUUID();
        String options = auth.length == 0 ? "{}" : auth[0];
        Reply reply = http.put("/Client/" + id).root().json("{\"secret\":\"" + secret + "\",\"grant_types\":[\"client_credentials\"],"
                + "\"auth\":{\"client_credentials\":" + options + "}}").send();
        assertEquals(201, reply.status(), reply.body());
        return new TestClient(id, secret);
    }

    private Reply grant(TestClient client) {
        return http.post("/auth/token").oauthBasic(client.id(), client.secret()).form("grant_type", "client_credentials").send();
    }

    @Test
    void confidentialClientGetsItsOwnTokenWithBasicOrInTheBody() { // RFC 6749 §4.4.2, §2.3.1
        TestClient client = service();
        for (Reply reply : new Reply[] {
                grant(client),
                http.post("/auth/token").form("grant_type", "client_credentials", "client_id", client.id(),
                        "client_secret", client.secret()).send(),
                http.post("/auth/token").json("{\"grant_type\":\"client_credentials\",\"client_id\":\"" + client.id()
                        + "\",\"client_secret\":\"" + client.secret() + "\"}").send()}) {
            assertEquals(200, reply.status(), reply.body());
            JsonObject tokens = reply.json();
            assertEquals("Bearer", tokens.getString("token_type"));
            assertEquals(3600, tokens.getInt("expires_in"));
            assertFalse(tokens.containsKey("refresh_token"), "RFC 6749 §4.4.3: no refresh token");
            assertFalse(tokens.containsKey("userinfo"));
            assertEquals("no-store", reply.header("Cache-Control"));
        }
    }

    @Test
    void wrongSecretPublicClientOrMissingGrantThenTheRightError() {
        TestClient client = service();
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), "wrong").form("grant_type", "client_credentials").send(),
                401, "invalid_client");
        TestClient publicClient = TestClients.confidential().publicClient().grantTypes("client_credentials").create(http);
        assertOAuthError(http.post("/auth/token").form("grant_type", "client_credentials", "client_id", publicClient.id()).send(),
                400, "unauthorized_client");
        TestClient passwordOnly = TestClients.confidential().create(http);
        assertOAuthError(grant(passwordOnly), 400, "unauthorized_client");
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", "x", "password", "y").send(), 400, "unauthorized_client");
    }

    @Test
    void theSessionHasAClientAndNoUserAndTheJwtSubjectIsTheClient() {
        TestClient client = service("{\"token_format\":\"jwt\",\"access_token_expiration\":120,\"audience\":\"https://api.example\"}");
        JsonObject tokens = grant(client).json();
        assertEquals(120, tokens.getInt("expires_in"));
        JsonObject claims = JwtParts.claims(tokens.getString("access_token"));
        assertEquals(client.id(), claims.getString("sub"));
        assertEquals(client.id(), claims.getString("client_id"));
        assertEquals("https://api.example", claims.getString("aud"));
        assertFalse(claims.containsKey("upn"));
        assertFalse(claims.containsKey("groups"));
        JsonObject session = http.get("/Session/" + claims.getString("jti")).root().send().json();
        assertEquals("client_credentials", session.getString("type"));
        assertEquals(client.id(), session.getJsonObject("client").getString("id"));
        assertFalse(session.containsKey("user"));
    }

    @Test
    void policiesLinkedToTheClientDecideWithReferencesToIt() {
        TestClient client = service();
        TestClient other = service();
        String token = grant(client).json().getString("access_token");
        assertEquals(403, http.get("/Device/" + client.id()).bearer(token).send().status(), "deny by default");
        assertEquals(201, http.put("/AccessPolicy/policy-" + UUID.randomUUID()).root().json("{\"engine\":\"matcho\",\"matcho\":"
                + "{\"resource-type\":\"Device\",\"resource-id\":\".client.id\"},\"link\":[{\"resourceType\":\"Client\",\"id\":\""
                + client.id() + "\"}]}").send().status());
        assertEquals(201, http.put("/Device/" + client.id()).bearer(token).json("{\"name\":\"mine\"}").send().status());
        assertEquals(200, http.get("/Device/" + client.id()).bearer(token).send().status());
        assertEquals(403, http.get("/Device/" + other.id()).bearer(token).send().status());
        assertEquals(401, http.get("/auth/userinfo").bearer(token).send().status(), "no user behind it");
    }

    @Test
    void theTokenIntrospectsAndEndsLikeAnyOther() {
        TestClient client = service();
        String token = grant(client).json().getString("access_token");
        JsonObject active = http.post("/auth/introspect").oauthBasic(client.id(), client.secret()).form("token", token).send().json();
        assertTrue(active.getBoolean("active"));
        assertEquals(client.id(), active.getString("sub"));
        assertEquals(client.id(), active.getString("client_id"));
        assertFalse(active.containsKey("username"));
        assertEquals(200, http.delete("/Session").bearer(token).send().status());
        assertEquals(401, http.get("/Patient").bearer(token).send().status());
        assertFalse(http.post("/auth/introspect").oauthBasic(client.id(), client.secret()).form("token", token).send().json()
                .getBoolean("active"));
    }

    @Test
    void discoveryListsTheGrant() { // RFC 8414 §2
        assertTrue(http.get("/.well-known/openid-configuration").send().json().getJsonArray("grant_types_supported")
                .toString().contains("client_credentials"));
    }
}
