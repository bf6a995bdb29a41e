package gatehouse.token;

import java.util.List;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.JwtParts;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonObject;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /auth/token} with the password grant: RFC 6749 §4.3, §5.1, §5.2 and docs/api.md#tokens. */
class PasswordGrantIT extends GatehouseIT {

    /** Without GATEHOUSE_ISSUER the issuer follows the port the server listens on. */
    private String issuer() {
        return "http://localhost:" + base.getPort();
    }

    private Reply passwordGrant(TestClient client, String username, String password) {
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", username, "password", password).send();
    }

    @Test
    void passwordGrantWithBasicAndFormThenBearerTokenAndUserinfo() { // RFC 6749 §4.3.3, §5.1
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply reply = passwordGrant(client, user.userName(), user.password());
        assertEquals(200, reply.status());
        assertEquals("no-store", reply.header("Cache-Control"));
        assertEquals("no-cache", reply.header("Pragma"));
        assertTrue(reply.header("Content-Type").startsWith("application/json"));
        JsonObject tokens = reply.json();
        assertEquals("Bearer", tokens.getString("token_type"));
        assertEquals(3600, tokens.getInt("expires_in"));
        assertTrue(tokens.getString("access_token").length() >= 43);
        assertFalse(tokens.containsKey("refresh_token"), "refresh tokens are off by default");
        JsonObject userinfo = tokens.getJsonObject("userinfo");
        assertEquals("User", userinfo.getString("resourceType"));
        assertEquals(user.id(), userinfo.getString("id"));
        assertEquals(user.email(), userinfo.getString("email"));
        assertFalse(userinfo.containsKey("password"));
        assertFalse(reply.body().contains(user.password()));
    }

    @Test
    void passwordGrantWithJsonBodyThenTokens() { // Aidbox accepts JSON as well as a form
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply reply = http.post("/auth/token").json("{\"grant_type\":\"password\",\"client_id\":\"" + client.id()
                + "\",\"client_secret\":\"" + client.secret() + "\",\"username\":\"" + user.userName()
                + "\",\"password\":\"" + user.password() + "\"}").send();
        assertEquals(200, reply.status());
        assertEquals(user.id(), reply.json().getJsonObject("userinfo").getString("id"));
    }

    @Test
    void passwordGrantWithClientCredentialsInFormBodyThenTokens() { // RFC 6749 §2.3.1 client_secret_post
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply reply = http.post("/auth/token").form("grant_type", "password", "client_id", client.id(),
                "client_secret", client.secret(), "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
    }

    @Test
    void passwordGrantWhenSecretHasReservedCharactersThenFormEncodedBasicWorks() { // RFC 6749 §2.3.1
        TestClient client = TestClients.confidential().secret("s:e%c+r e/t").create(http);
        TestUser user = TestUsers.user().create(http);
        assertEquals(200, passwordGrant(client, user.userName(), user.password()).status());
    }

    @Test
    void usernameMatchesUserNameThenEmailThenId() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        assertEquals(200, passwordGrant(client, user.userName(), user.password()).status());
        assertEquals(200, passwordGrant(client, user.email(), user.password()).status());
        assertEquals(200, passwordGrant(client, user.id(), user.password()).status());
    }

    @Test
    void passwordGrantWhenSecretWrongThenInvalidClient() { // RFC 6749 §5.2
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), "wrong")
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertOAuthError(reply, 401, "invalid_client");
        assertEquals("Basic realm=\"gatehouse\"", reply.header("WWW-Authenticate"));
    }

    @Test
    void clientChangesAreInForceOnTheNextRequest() { // Clients are held in memory; a write here refreshes them at once
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        assertEquals(200, passwordGrant(client, user.userName(), user.password()).status());
        assertEquals(200, http.put("/Client/" + client.id()).root()
                .json("{\"secret\":\"changed-" + client.secret() + "\",\"grant_types\":[\"password\"]}").send().status());
        assertOAuthError(passwordGrant(client, user.userName(), user.password()), 401, "invalid_client");
        TestClient changed = new TestClient(client.id(), "changed-" + client.secret());
        assertEquals(200, passwordGrant(changed, user.userName(), user.password()).status());
        assertEquals(200, http.put("/Client/" + client.id()).root().json("{\"grant_types\":[\"refresh_token\"]}").send().status());
        assertOAuthError(passwordGrant(changed, user.userName(), user.password()), 400, "unauthorized_client");
        assertEquals(200, http.delete("/Client/" + client.id()).root().send().status());
        assertOAuthError(passwordGrant(changed, user.userName(), user.password()), 401, "invalid_client");
    }

    @Test
    void keyRotationTakesEffectAtOnceOnThisInstanceAndEarlierTokensStillWork() {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().create(http);
        String before = passwordGrant(client, user.userName(), user.password()).json().getString("access_token");
        Reply rotated = http.post("/auth/keys/rotate").root().send();
        assertEquals(200, rotated.status());
        String after = passwordGrant(client, user.userName(), user.password()).json().getString("access_token");
        assertEquals(rotated.json().getString("kid"), JwtParts.header(after).getString("kid"));
        assertEquals(200, http.get("/auth/userinfo").bearer(before).send().status());
        assertEquals(200, http.get("/auth/userinfo").bearer(after).send().status());
    }

    @Test
    void passwordGrantWhenClientUnknownThenInvalidClient() { // RFC 6749 §5.2
        TestUser user = TestUsers.user().create(http);
        Reply reply = http.post("/auth/token").oauthBasic("no-such-client", "x")
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertOAuthError(reply, 401, "invalid_client");
        assertOAuthError(http.post("/auth/token").form("grant_type", "password", "username", "u", "password", "p").send(),
                401, "invalid_client");
    }

    @Test
    void passwordGrantWhenRequiredSecretMissingThenInvalidClient() { // secret_required defaults to true
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply reply = http.post("/auth/token").form("grant_type", "password", "client_id", client.id(),
                "username", user.userName(), "password", user.password()).send();
        assertOAuthError(reply, 401, "invalid_client");
    }

    @Test
    void passwordGrantWhenSecretNotRequiredThenPublicClientGetsTokens() { // secret_required: false
        TestClient client = TestClients.confidential().publicClient().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply reply = http.post("/auth/token").form("grant_type", "password", "client_id", client.id(),
                "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
    }

    @Test
    void passwordGrantWhenCredentialsInHeaderAndBodyThenInvalidRequest() { // RFC 6749 §2.3
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "client_id", client.id(), "client_secret", client.secret(),
                        "username", user.userName(), "password", user.password()).send();
        assertOAuthError(reply, 400, "invalid_request");
    }

    @Test
    void passwordGrantWhenParameterRepeatedOrMissingThenInvalidRequest() { // RFC 6749 §3.2, §5.2
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "username", user.userName(),
                        "password", user.password()).send(), 400, "invalid_request");
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName()).send(), 400, "invalid_request");
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("username", user.userName(), "password", user.password()).send(), 400, "invalid_request");
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .json("{\"grant_type\":").send(), 400, "invalid_request");
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .json("{\"grant_type\":\"password\",\"username\":1}").send(), 400, "invalid_request");
        for (String type : new String[] {"text/plain", "text/yaml", "application/xml", "multipart/form-data; boundary=x"}) {
            // Only a form (RFC 6749) or JSON (Aidbox) is read; anything else is refused before it is read.
            assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                    .body(type, "grant_type=password").send(), 415, "invalid_request");
        }
    }

    @Test
    void tokenRequestWhenGrantTypeUnknownThenUnsupportedGrantType() { // RFC 6749 §5.2
        TestClient client = TestClients.confidential().create(http);
        assertOAuthError(http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "urn:example:magic").send(), 400, "unsupported_grant_type");
    }

    @Test
    void passwordGrantWhenClientLacksGrantTypeThenUnauthorizedClient() { // RFC 6749 §5.2
        TestClient client = TestClients.confidential().grantTypes("client_credentials").create(http);
        TestUser user = TestUsers.user().create(http);
        assertOAuthError(passwordGrant(client, user.userName(), user.password()), 400, "unauthorized_client");
    }

    @Test
    void passwordGrantWhenUserUnknownPasswordWrongOrUserInactiveThenIdenticalInvalidGrant() { // RFC 6749 §5.2, no enumeration
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        TestUser inactive = TestUsers.user().inactive().create(http);
        Reply wrongPassword = passwordGrant(client, user.userName(), "wrong-password");
        Reply unknownUser = passwordGrant(client, "nobody-" + user.userName(), "wrong-password");
        Reply inactiveUser = passwordGrant(client, inactive.userName(), inactive.password());
        assertOAuthError(wrongPassword, 400, "invalid_grant");
        assertOAuthError(unknownUser, 400, "invalid_grant");
        assertOAuthError(inactiveUser, 400, "invalid_grant");
        assertEquals(wrongPassword.body(), unknownUser.body());
        assertEquals(wrongPassword.body(), inactiveUser.body());
    }

    @Test
    void jwtAccessTokenVerifiesAgainstJwksWithTheContractClaims() throws Exception { // RFC 7519, RFC 7517
        TestClient client = TestClients.confidential().jwt().accessTokenSeconds(120).create(http);
        TestUser user = TestUsers.user().roles("admin", "nurse").create(http);
        Reply reply = passwordGrant(client, user.userName(), user.password());
        assertEquals(200, reply.status());
        assertEquals(120, reply.json().getInt("expires_in"));
        String token = reply.json().getString("access_token");

        Reply jwks = http.get("/.well-known/jwks.json").send();
        assertEquals(200, jwks.status());
        JsonWebKeySet keys = new JsonWebKeySet(jwks.body());
        assertFalse(keys.getJsonWebKeys().isEmpty());
        keys.getJsonWebKeys().forEach(key -> {
            assertNotNull(key.getKeyId());
            assertFalse(jwks.body().contains("\"d\""), "no private key material");
        });
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime().setRequireSubject().setRequireJwtId()
                .setExpectedIssuer(issuer()).setExpectedAudience(issuer())
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .build();
        JwtClaims claims = consumer.processToClaims(token);
        assertEquals(user.id(), claims.getSubject());
        assertEquals(120, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertEquals(client.id(), claims.getStringClaimValue("client_id"));
        assertEquals(user.userName(), claims.getStringClaimValue("upn"));
        assertEquals(List.of("admin", "nurse"), claims.getStringListClaimValue("groups"));
        assertEquals(List.of("admin", "nurse"), claims.getStringListClaimValue("roles"), "for WildFly's OpenID Connect client");

        JsonWebSignature header = new JsonWebSignature();
        header.setCompactSerialization(token);
        assertEquals(AlgorithmIdentifiers.RSA_USING_SHA256, header.getAlgorithmHeaderValue());
        assertNotNull(header.getKeyIdHeaderValue());

        Reply session = http.get("/Session/" + claims.getJwtId()).root().send();
        assertEquals(200, session.status(), "jti is the Session id");
        assertEquals(user.id(), session.json().getJsonObject("user").getString("id"));
        assertEquals(client.id(), session.json().getJsonObject("client").getString("id"));
        assertFalse(session.body().contains(token));
    }

    @Test
    void jwtAudienceOptionSetsAud() throws Exception { // auth.password.audience
        TestClient client = TestClients.confidential().jwt().audience("https://api.example.com").create(http);
        TestUser user = TestUsers.user().create(http);
        String token = passwordGrant(client, user.userName(), user.password()).json().getString("access_token");
        JwtClaims claims = JwtClaims.parse(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])));
        assertEquals(List.of("https://api.example.com"), claims.getAudience());
    }

    @Test
    void opaqueAccessTokensAreRandomNotJwts() { // token_format: opaque
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        String first = passwordGrant(client, user.userName(), user.password()).json().getString("access_token");
        String second = passwordGrant(client, user.userName(), user.password()).json().getString("access_token");
        assertFalse(first.contains("."), "not a JWS");
        assertTrue(first.length() >= 43, "at least 256 bits");
        assertFalse(first.equals(second));
    }

    @Test
    void refreshTokenOnlyWhenTheClientEnablesIt() { // auth.password.refresh_token
        TestClient client = TestClients.confidential().refreshTokens().create(http);
        TestUser user = TestUsers.user().create(http);
        JsonObject tokens = passwordGrant(client, user.userName(), user.password()).json();
        assertTrue(tokens.getString("refresh_token").length() >= 43);
    }

    @Test
    void discoveryMetadataNamesTheEndpoints() { // RFC 8414 §2
        JsonObject metadata = http.get("/.well-known/openid-configuration").send().json();
        String issuer = issuer();
        assertEquals(issuer, metadata.getString("issuer"));
        assertEquals(issuer + "/auth/token", metadata.getString("token_endpoint"));
        assertEquals(issuer + "/.well-known/jwks.json", metadata.getString("jwks_uri"));
        assertEquals(issuer + "/auth/introspect", metadata.getString("introspection_endpoint"));
        assertEquals(issuer + "/auth/revoke", metadata.getString("revocation_endpoint"));
        assertEquals(issuer + "/auth/userinfo", metadata.getString("userinfo_endpoint"));
        assertTrue(metadata.getJsonArray("grant_types_supported").toString().contains("password"));
    }

    @Test
    void tokenEndpointRefusesGet() {
        assertEquals(405, http.get("/auth/token").send().status());
    }

    static void assertOAuthError(Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply.body());
        JsonObject body = reply.json();
        assertEquals(error, body.getString("error"));
        assertFalse(body.getString("error_description").isBlank());
        assertEquals("no-store", reply.header("Cache-Control"));
        assertEquals("no-cache", reply.header("Pragma"));
    }
}
