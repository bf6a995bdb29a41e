package gatehouse.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.JwtParts;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonObject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens, Sessions, refresh rotation, introspection and revocation: docs/api.md#sessions, RFC 6750, 7009, 7662, 9700. */
class SessionIT extends GatehouseIT {

    private static final String INVALID_TOKEN = "Bearer realm=\"gatehouse\", error=\"invalid_token\"";

    private JsonObject login(TestClient client, TestUser user) {
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
        return reply.json();
    }

    private Reply refresh(TestClient client, String refreshToken) {
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "refresh_token", "refresh_token", refreshToken).send();
    }

    private String sessionIdOf(String accessToken, TestClient client) {
        return introspect(client, accessToken).getString("jti");
    }

    private static String jti(String jwt) {
        return JwtParts.claims(jwt).getString("jti");
    }

    private JsonObject introspect(TestClient client, String token) {
        Reply reply = http.post("/auth/introspect").oauthBasic(client.id(), client.secret()).form("token", token).send();
        assertEquals(200, reply.status());
        assertEquals("no-store", reply.header("Cache-Control"));
        return reply.json();
    }

    private void assertInvalidToken(Reply reply) { // RFC 6750 §3.1
        assertEquals(401, reply.status(), reply.body());
        assertEquals(INVALID_TOKEN, reply.header("WWW-Authenticate"));
        assertEquals("OperationOutcome", reply.json().getString("resourceType"));
    }

    @Test
    void bearerTokenResolvesToItsUserForOpaqueAndJwtTokens() { // RFC 6750 §2.1
        TestUser user = TestUsers.user().create(http);
        for (TestClient client : List.of(TestClients.confidential().create(http), TestClients.confidential().jwt().create(http))) {
            String token = login(client, user).getString("access_token");
            Reply me = http.get("/auth/userinfo").bearer(token).send();
            assertEquals(200, me.status());
            assertEquals(user.id(), me.json().getString("id"));
            assertFalse(me.json().containsKey("password"));
        }
    }

    @Test
    void bearerWithoutAnyPolicyThen403OnResources() { // deny by default
        TestClient client = TestClients.confidential().create(http);
        String token = login(client, TestUsers.user().create(http)).getString("access_token");
        Reply reply = http.get("/Patient").bearer(token).send();
        assertEquals(403, reply.status());
        assertEquals("forbidden", reply.json().getJsonArray("issue").getJsonObject(0).getString("code"));
    }

    @Test
    void unknownTamperedOrMalformedTokensThen401InvalidToken() { // RFC 6750 §3.1
        TestClient client = TestClients.confidential().jwt().create(http);
        String jwt = login(client, TestUsers.user().create(http)).getString("access_token");
        String[] parts = jwt.split("\\.");
        String tamperedPayload = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertInvalidToken(http.get("/auth/userinfo").bearer(tamperedPayload).send());
        assertInvalidToken(http.get("/auth/userinfo").bearer(parts[0] + "." + parts[1] + ".").send());
        assertInvalidToken(http.get("/auth/userinfo").bearer("no-such-token-" + "x".repeat(40)).send());
        assertInvalidToken(http.get("/Patient").bearer("a.b.c").send());
        assertInvalidToken(http.get("/Patient").bearer("x".repeat(5000)).send());
        Reply oversized = http.get("/Patient").bearer("x".repeat(20000)).send();
        assertEquals(400, oversized.status(), "the container refuses headers over its limit");
    }

    @Test
    void forgedJwtsOfEveryKindThen401() throws Exception { // RFC 8725 §2.1, §3.1: none, key confusion, other keys, tampering
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser victim = TestUsers.user().create(http);
        String genuine = login(client, TestUsers.user().roles("admin").create(http)).getString("access_token");
        JwtClaims claims = JwtClaims.parse(JwtParts.claims(genuine).toString());
        String kid = JwtParts.header(genuine).getString("kid");
        PublicJsonWebKey published = PublicJsonWebKey.Factory.newPublicJwk(
                http.get("/.well-known/jwks.json").send().json().getJsonArray("keys").getJsonObject(0).toString());
        RsaJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
        JwtClaims asVictim = JwtClaims.parse(claims.toJson());
        asVictim.setSubject(victim.id());
        asVictim.setClaim("upn", victim.userName());
        String[] parts = genuine.split("\\.");
        String victimPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(asVictim.toJson().getBytes(StandardCharsets.UTF_8));
        char last = parts[2].charAt(parts[2].length() - 1);

        List<String> forged = List.of(
                jws(claims, AlgorithmIdentifiers.NONE, kid, null),
                jws(claims, AlgorithmIdentifiers.HMAC_SHA256, kid, new HmacKey(published.getPublicKey().getEncoded())),
                jws(claims, AlgorithmIdentifiers.HMAC_SHA256, kid, new HmacKey(published.toJson().getBytes(StandardCharsets.UTF_8))),
                jws(claims, AlgorithmIdentifiers.RSA_USING_SHA256, kid, attacker.getPrivateKey()),
                jws(claims, AlgorithmIdentifiers.RSA_PSS_USING_SHA256, kid, attacker.getPrivateKey()),
                jws(asVictim, AlgorithmIdentifiers.RSA_USING_SHA256, kid, attacker.getPrivateKey()),
                jws(claims, AlgorithmIdentifiers.RSA_USING_SHA256, "unknown-kid", attacker.getPrivateKey()),
                parts[0] + "." + victimPayload + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1) + (last == 'A' ? 'B' : 'A'),
                parts[0] + "." + parts[1] + ".",
                parts[0] + "." + parts[1],
                genuine + ".",
                genuine.toUpperCase(java.util.Locale.ROOT));
        for (String token : forged) {
            assertInvalidToken(http.get("/auth/userinfo").bearer(token).send());
            assertInvalidToken(http.get("/Patient").bearer(token).send());
        }
        assertEquals(200, http.get("/auth/userinfo").bearer(genuine).send().status(), "the genuine token still works");
    }

    private static String jws(JwtClaims claims, String algorithm, String kid, java.security.Key key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        if (key != null) {
            jws.setKey(key);
        }
        return jws.getCompactSerialization();
    }

    @Test
    void expiredAccessTokenThen401() {
        TestClient client = TestClients.confidential().accessTokenSeconds(60).create(http);
        String token = login(client, TestUsers.user().create(http)).getString("access_token");
        assertEquals(200, http.get("/auth/userinfo").bearer(token).send().status());
        http.advanceClock(Duration.ofSeconds(61));
        assertInvalidToken(http.get("/auth/userinfo").bearer(token).send());
    }

    @Test
    void deleteSessionThenAccessTokenIs401AndRefreshTokenInvalidGrant() {
        TestClient client = TestClients.confidential().jwt().refreshTokens().create(http);
        JsonObject tokens = login(client, TestUsers.user().create(http));
        String access = tokens.getString("access_token");
        Reply closed = http.delete("/Session").bearer(access).send();
        assertEquals(200, closed.status());
        JsonObject session = closed.json();
        assertEquals("Session", session.getString("resourceType"));
        assertTrue(session.containsKey("closed"));
        assertFalse(closed.body().contains(access));
        assertInvalidToken(http.get("/auth/userinfo").bearer(access).send());
        Reply again = refresh(client, tokens.getString("refresh_token"));
        assertEquals(400, again.status());
        assertEquals("invalid_grant", again.json().getString("error"));
        assertEquals(session.getString("id"), http.get("/Session/" + session.getString("id")).root().send().json().getString("id"));
    }

    @Test
    void deleteSessionWithoutBearerThen401() {
        assertEquals(401, http.delete("/Session").send().status());
    }

    @Test
    void refreshRotatesTokensForTheSameSessionAndTheOldRefreshTokenDies() { // RFC 6749 §6
        TestClient client = TestClients.confidential().jwt().refreshTokens().create(http);
        JsonObject first = login(client, TestUsers.user().create(http));
        Reply reply = refresh(client, first.getString("refresh_token"));
        assertEquals(200, reply.status());
        assertEquals("no-store", reply.header("Cache-Control"));
        JsonObject second = reply.json();
        assertNotEquals(first.getString("access_token"), second.getString("access_token"));
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
        assertEquals(jti(first.getString("access_token")), jti(second.getString("access_token")), "same Session");
        assertEquals(jti(second.getString("access_token")), introspect(client, second.getString("refresh_token")).getString("jti"));
        assertEquals(200, http.get("/auth/userinfo").bearer(second.getString("access_token")).send().status());
        Reply third = refresh(client, second.getString("refresh_token"));
        assertEquals(200, third.status());
    }

    @Test
    void refreshTokenUsedTwiceClosesTheWholeSession() { // RFC 9700 §4.14.2
        TestClient client = TestClients.confidential().refreshTokens().create(http);
        JsonObject first = login(client, TestUsers.user().create(http));
        JsonObject second = refresh(client, first.getString("refresh_token")).json();
        Reply replay = refresh(client, first.getString("refresh_token"));
        assertEquals(400, replay.status());
        assertEquals("invalid_grant", replay.json().getString("error"));
        assertInvalidToken(http.get("/auth/userinfo").bearer(second.getString("access_token")).send());
        assertEquals("invalid_grant", refresh(client, second.getString("refresh_token")).json().getString("error"));
    }

    @Test
    void concurrentRefreshesWithOneTokenThenExactlyOneWins() throws Exception {
        TestClient client = TestClients.confidential().refreshTokens().create(http);
        String refreshToken = login(client, TestUsers.user().create(http)).getString("refresh_token");
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Callable<Reply> race = () -> {
                start.await();
                return refresh(client, refreshToken);
            };
            replies.add(pool.submit(race));
        }
        start.countDown();
        int won = 0;
        for (Future<Reply> reply : replies) {
            Reply r = reply.get();
            if (r.status() == 200) {
                won++;
            } else {
                assertEquals(400, r.status());
                assertEquals("invalid_grant", r.json().getString("error"));
            }
        }
        pool.shutdown();
        assertEquals(1, won);
    }

    @Test
    void refreshByAnotherClientThenInvalidGrant() {
        TestClient owner = TestClients.confidential().refreshTokens().create(http);
        TestClient other = TestClients.confidential().refreshTokens().create(http);
        JsonObject tokens = login(owner, TestUsers.user().create(http));
        assertEquals("invalid_grant", refresh(other, tokens.getString("refresh_token")).json().getString("error"));
        assertEquals(200, refresh(owner, tokens.getString("refresh_token")).status(), "the owner's token still works");
    }

    @Test
    void refreshWhenClientDisablesRefreshTokensThenUnauthorizedClient() {
        TestClient client = TestClients.confidential().create(http);
        assertEquals("unauthorized_client", refresh(client, "anything").json().getString("error"));
    }

    @Test
    void refreshTokenExpirationEndsRefreshes() {
        TestClient client = TestClients.confidential().refreshTokens().refreshTokenSeconds(60).create(http);
        String refreshToken = login(client, TestUsers.user().create(http)).getString("refresh_token");
        http.advanceClock(Duration.ofSeconds(61));
        assertEquals("invalid_grant", refresh(client, refreshToken).json().getString("error"));
    }

    @Test
    void passwordChangeClosesAllSessionsOfTheUser() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        String first = login(client, user).getString("access_token");
        String second = login(client, user).getString("access_token");
        assertEquals(200, http.put("/User/" + user.id()).root()
                .json("{\"userName\":\"" + user.userName() + "\",\"password\":\"a-new-password\"}").send().status());
        assertInvalidToken(http.get("/auth/userinfo").bearer(first).send());
        assertInvalidToken(http.get("/auth/userinfo").bearer(second).send());
    }

    @Test
    void updateWithoutPasswordKeepsSessionsAndThePassword() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        String token = login(client, user).getString("access_token");
        assertEquals(200, http.put("/User/" + user.id()).root()
                .json("{\"userName\":\"" + user.userName() + "\",\"data\":{\"x\":1}}").send().status());
        assertEquals(200, http.get("/auth/userinfo").bearer(token).send().status());
        login(client, user);
    }

    @Test
    void deactivatedUserLosesItsLiveTokens() { // inactive: true
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().create(http);
        String token = login(client, user).getString("access_token");
        assertEquals(200, http.put("/User/" + user.id()).root()
                .json("{\"userName\":\"" + user.userName() + "\",\"inactive\":true}").send().status());
        assertInvalidToken(http.get("/auth/userinfo").bearer(token).send());
    }

    @Test
    void sessionsAreSearchableByRootAndHoldNoTokens() {
        TestClient client = TestClients.confidential().refreshTokens().create(http);
        TestUser user = TestUsers.user().create(http);
        JsonObject tokens = login(client, user);
        Reply search = http.get("/Session?user.id=" + user.id()).root().send();
        assertEquals(200, search.status());
        assertEquals(1, search.json().getInt("total"));
        JsonObject session = search.json().getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
        assertEquals("password", session.getString("type"));
        assertEquals("User", session.getJsonObject("user").getString("resourceType"));
        assertFalse(search.body().contains(tokens.getString("access_token")));
        assertFalse(search.body().contains(tokens.getString("refresh_token")));
        assertEquals(1, http.get("/Session?client.id=" + client.id()).root().send().json().getInt("total"));
    }

    @Test
    void rootDeletesASessionByIdThenItsTokenIs401() {
        TestClient client = TestClients.confidential().create(http);
        String token = login(client, TestUsers.user().create(http)).getString("access_token");
        String id = sessionIdOf(token, client);
        assertEquals(200, http.delete("/Session/" + id).root().send().status());
        assertEquals(404, http.get("/Session/" + id).root().send().status());
        assertInvalidToken(http.get("/auth/userinfo").bearer(token).send());
    }

    @Test
    void introspectionReportsActiveTokensThenInactiveOnceClosed() { // RFC 7662 §2.2
        TestClient client = TestClients.confidential().jwt().refreshTokens().create(http);
        TestClient resourceServer = TestClients.confidential().grantTypes().introspectsAny().create(http);
        TestUser user = TestUsers.user().create(http);
        JsonObject tokens = login(client, user);
        JsonObject active = introspect(resourceServer, tokens.getString("access_token"));
        assertTrue(active.getBoolean("active"));
        assertEquals(user.id(), active.getString("sub"));
        assertEquals(client.id(), active.getString("client_id"));
        assertEquals("Bearer", active.getString("token_type"));
        assertTrue(active.getJsonNumber("exp").longValue() > active.getJsonNumber("iat").longValue());
        assertTrue(introspect(resourceServer, tokens.getString("refresh_token")).getBoolean("active"));

        http.delete("/Session").bearer(tokens.getString("access_token")).send();
        assertEquals("{\"active\":false}", http.post("/auth/introspect").oauthBasic(resourceServer.id(), resourceServer.secret())
                .form("token", tokens.getString("access_token")).send().body());
        assertFalse(introspect(resourceServer, tokens.getString("refresh_token")).getBoolean("active"));
        assertFalse(introspect(resourceServer, "garbage").getBoolean("active"));
    }

    @Test
    void introspectionShowsAClientOnlyItsOwnTokensUnlessItIntrospectsAny() { // RFC 7662 §2.1
        TestClient issuer = TestClients.confidential().jwt().refreshTokens().create(http);
        TestClient bystander = TestClients.confidential().grantTypes().create(http);
        TestClient resourceServer = TestClients.confidential().grantTypes().introspectsAny().create(http);
        JsonObject tokens = login(issuer, TestUsers.user().create(http));
        for (String token : new String[] {tokens.getString("access_token"), tokens.getString("refresh_token")}) {
            assertTrue(introspect(issuer, token).getBoolean("active"), "its own");
            assertEquals("{\"active\":false}", http.post("/auth/introspect").oauthBasic(bystander.id(), bystander.secret())
                    .form("token", token).send().body(), "another client's: as if unknown");
            assertTrue(introspect(resourceServer, token).getBoolean("active"), "introspection: any");
            Reply asRoot = http.post("/auth/introspect").root().form("token", token).send();
            assertEquals(200, asRoot.status());
            assertTrue(asRoot.json().getBoolean("active"), "root sees every token");
        }
        String session = sessionIdOf(tokens.getString("access_token"), issuer);
        assertFalse(http.get("/Session/" + session).root().send().json().containsKey("lastUsed"), "introspection is not use");
        assertEquals(422, http.put("/Client/" + bystander.id()).root().json("{\"introspection\":\"all\"}").send().status());
    }

    @Test
    void introspectionByAClientWithoutASecretThenInvalidClient() { // RFC 7662 §2.1: no token scanning by public clients
        TestClient publicClient = TestClients.confidential().publicClient().create(http);
        TestClient confidential = TestClients.confidential().create(http);
        String token = login(confidential, TestUsers.user().create(http)).getString("access_token");
        for (Reply reply : List.of(
                http.post("/auth/introspect").form("client_id", publicClient.id(), "token", token).send(),
                http.post("/auth/introspect").oauthBasic(publicClient.id(), "").form("token", token).send(),
                http.post("/auth/introspect").json("{\"client_id\":\"" + publicClient.id() + "\",\"token\":\"" + token + "\"}").send())) {
            assertEquals(401, reply.status(), reply.body());
            assertEquals("invalid_client", reply.json().getString("error"));
        }
    }

    @Test
    void deletingAClientClosesItsSessionsAndARecreatedClientCannotRefreshThem() {
        TestClient client = TestClients.confidential().jwt().refreshTokens().create(http);
        TestUser user = TestUsers.user().create(http);
        JsonObject tokens = login(client, user);
        assertEquals(200, http.delete("/Client/" + client.id()).root().send().status());
        assertInvalidToken(http.get("/auth/userinfo").bearer(tokens.getString("access_token")).send());
        assertEquals(201, http.put("/Client/" + client.id()).root().json("{\"secret\":\"" + client.secret()
                + "\",\"grant_types\":[\"password\"],\"auth\":{\"password\":{\"refresh_token\":true}}}").send().status());
        assertEquals("invalid_grant", refresh(client, tokens.getString("refresh_token")).json().getString("error"));
        assertInvalidToken(http.get("/auth/userinfo").bearer(tokens.getString("access_token")).send());
    }

    @Test
    void changingAClientSecretClosesItsSessionsAndKeepingItDoesNot() {
        TestClient client = TestClients.confidential().refreshTokens().create(http);
        TestUser user = TestUsers.user().create(http);
        String clientBody = "\"grant_types\":[\"password\"],\"auth\":{\"password\":{\"refresh_token\":true}}}";
        JsonObject kept = login(client, user);
        assertEquals(200, http.put("/Client/" + client.id()).root().json("{\"secret\":\"" + client.secret() + "\"," + clientBody).send().status());
        assertEquals(200, http.put("/Client/" + client.id()).root().json("{" + clientBody).send().status());
        assertEquals(200, http.get("/auth/userinfo").bearer(kept.getString("access_token")).send().status(), "same secret, same Sessions");
        String newSecret = "new-" + UUID.randomUUID();
        assertEquals(200, http.put("/Client/" + client.id()).root().json("{\"secret\":\"" + newSecret + "\"," + clientBody).send().status());
        assertInvalidToken(http.get("/auth/userinfo").bearer(kept.getString("access_token")).send());
        Reply refreshed = http.post("/auth/token").oauthBasic(client.id(), newSecret)
                .form("grant_type", "refresh_token", "refresh_token", kept.getString("refresh_token")).send();
        assertEquals("invalid_grant", refreshed.json().getString("error"));
    }

    @Test
    void introspectionAndRevocationRequireClientAuthentication() { // RFC 7662 §2.1, RFC 7009 §2.1
        assertEquals(401, http.post("/auth/introspect").form("token", "x").send().status());
        assertEquals("invalid_client", http.post("/auth/revoke").form("token", "x").send().json().getString("error"));
    }

    @Test
    void revokingARefreshTokenClosesItsSession() { // RFC 7009 §2.1
        TestClient client = TestClients.confidential().refreshTokens().create(http);
        JsonObject tokens = login(client, TestUsers.user().create(http));
        Reply revoked = http.post("/auth/revoke").oauthBasic(client.id(), client.secret())
                .form("token", tokens.getString("refresh_token"), "token_type_hint", "refresh_token").send();
        assertEquals(200, revoked.status());
        assertInvalidToken(http.get("/auth/userinfo").bearer(tokens.getString("access_token")).send());
        assertEquals("invalid_grant", refresh(client, tokens.getString("refresh_token")).json().getString("error"));
        assertEquals(200, http.post("/auth/revoke").oauthBasic(client.id(), client.secret())
                .form("token", "unknown-token").send().status(), "unknown tokens are answered 200");
    }

    @Test
    void revokingAnotherClientsTokenChangesNothing() { // RFC 7009 §2.1
        TestClient owner = TestClients.confidential().create(http);
        TestClient other = TestClients.confidential().create(http);
        String token = login(owner, TestUsers.user().create(http)).getString("access_token");
        assertEquals(200, http.post("/auth/revoke").oauthBasic(other.id(), other.secret()).form("token", token).send().status());
        assertEquals(200, http.get("/auth/userinfo").bearer(token).send().status());
    }
}
