package gatehouse.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/java-ee-apps.md: existing Jakarta EE applications on the same server use Gatehouse's
 * users and tokens through the standards alone. One Payara Micro runs Gatehouse
 * at {@code /} and, beside it, WARs with no Gatehouse class in them:
 * <ul>
 * <li>{@code /db-store-app}: HTTP Basic over {@code @DatabaseIdentityStoreDefinition}
 * on Gatehouse's datasource and views (the recipe of docs/java-ee-apps.md);</li>
 * <li>{@code /mp-jwt-app}: MicroProfile JWT with Gatehouse's JWKS URL and issuer;</li>
 * <li>{@code /mp-jwt-audience-app}: the same, also requiring an audience;</li>
 * <li>{@code /mp-jwt-other-issuer-app}: the same keys, but expecting another issuer.</li>
 * </ul>
 * The Arquillian Payara Micro connector boots one server per archive, so this
 * test starts the server itself, as an operator would, with several {@code --deploy}s.
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
class JavaEeInteropIT {

    static final String AUDIENCE = "https://reports.example.com";
    static final String OTHER_ISSUER = "https://other-issuer.example.com";
    /** The role and the password server-config/postgresql/callers-reader.sql creates. */
    static final String READER = "gatehouse_callers";
    static final String READER_PASSWORD = "change-me";

    static PayaraMicroProcess server;
    static String issuer;

    Http http;

    @BeforeAll
    static void startGatehouseWithTheOtherApps() throws Exception {
        Path work = Path.of("target", "interop-it", UUID.randomUUID().toString()).toAbsolutePath();
        int port = PayaraMicroProcess.freePort();
        issuer = "http://localhost:" + port;
        String jwks = issuer + "/.well-known/jwks.json";
        Path wars = work.resolve("wars");
        List<Path> otherApps = List.of(
                OtherApps.dbStoreApp(wars),
                OtherApps.mpJwtApp(wars, "mp-jwt-app", Map.of(
                        "mp.jwt.verify.publickey.location", jwks,
                        "mp.jwt.verify.issuer", issuer)),
                OtherApps.mpJwtApp(wars, "mp-jwt-audience-app", Map.of(
                        "mp.jwt.verify.publickey.location", jwks,
                        "mp.jwt.verify.issuer", issuer,
                        "mp.jwt.verify.audiences", AUDIENCE)),
                OtherApps.mpJwtApp(wars, "mp-jwt-other-issuer-app", Map.of(
                        "mp.jwt.verify.publickey.location", jwks,
                        "mp.jwt.verify.issuer", OTHER_ISSUER)));
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"),
                "GATEHOUSE_ISSUER", issuer));
        environment.putAll(callersDatasource(work));
        server = PayaraMicroProcess.start(work, port, PayaraMicroProcess.withShortLivedJvm(environment), otherApps);
        if (TestDatabase.isPostgres()) {
            // What an operator runs once Gatehouse created its views (server-config/postgresql/callers-reader.sql).
            try (Connection admin = postgres(System.getProperty("it.db.user"), System.getProperty("it.db.password"))) {
                admin.createStatement().execute(Files.readString(Path.of("server-config", "postgresql", "callers-reader.sql")));
            }
        }
        // Gatehouse answers first; the other WARs are deployed after it.
        for (String path : List.of("/db-store-app/caller", "/mp-jwt-app/api/caller", "/mp-jwt-audience-app/api/caller",
                "/mp-jwt-other-issuer-app/api/caller")) {
            awaitDeployed(path);
        }
    }

    /**
     * The other applications' datasource: on PostgreSQL the read-only role of
     * server-config/postgresql/callers-reader.sql; on H2, which has no such roles,
     * Gatehouse's own database file.
     */
    private static Map<String, String> callersDatasource(Path work) {
        if (TestDatabase.isPostgres()) {
            return Map.of("GATEHOUSE_CALLERS_DATASOURCE_CLASS", "org.postgresql.ds.PGSimpleDataSource",
                    "GATEHOUSE_CALLERS_DATASOURCE_URL", System.getProperty("it.db.url"),
                    "GATEHOUSE_CALLERS_DATASOURCE_USER", READER,
                    "GATEHOUSE_CALLERS_DATASOURCE_PASSWORD", READER_PASSWORD);
        }
        return Map.of("GATEHOUSE_CALLERS_DATASOURCE_CLASS", "org.h2.jdbcx.JdbcDataSource",
                "GATEHOUSE_CALLERS_DATASOURCE_URL", "jdbc:h2:file:" + work.resolve("data").resolve("gatehouse"),
                "GATEHOUSE_CALLERS_DATASOURCE_USER", "gatehouse",
                "GATEHOUSE_CALLERS_DATASOURCE_PASSWORD", "gatehouse");
    }

    private static Connection postgres(String user, String password) throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), user, password);
    }

    @Test
    void theReaderRoleSeesTheTwoViewsAndNothingElse() throws Exception { // the read-only callers role, PostgreSQL only
        Assumptions.assumeTrue(TestDatabase.isPostgres(), "H2 has no such roles; the -Ppostgres run checks this");
        TestUser user = TestUsers.user().roles("auditor").create(http);
        try (Connection reader = postgres(READER, READER_PASSWORD)) {
            var callers = reader.prepareStatement("SELECT password_hash FROM gatehouse_callers WHERE caller_name = ?");
            callers.setString(1, user.userName());
            assertTrue(callers.executeQuery().next(), "the caller is there");
            var groups = reader.prepareStatement("SELECT group_name FROM gatehouse_caller_groups WHERE caller_name = ?");
            groups.setString(1, user.userName());
            assertTrue(groups.executeQuery().next(), "and its groups");
            for (String forbidden : List.of("SELECT * FROM users", "SELECT * FROM sessions", "SELECT * FROM signing_keys",
                    "SELECT * FROM clients", "SELECT * FROM login_names", "SELECT * FROM resources",
                    "UPDATE users SET inactive = TRUE", "DELETE FROM users", "INSERT INTO login_names VALUES ('x', 'y')",
                    "CREATE TABLE x (y INT)")) {
                SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> reader.createStatement().execute(forbidden), forbidden);
                assertEquals("42501", refused.getSQLState(), forbidden + ": " + refused.getMessage()); // insufficient_privilege
            }
        }
        assertEquals(200, dbStoreCaller(user.userName(), user.password()).status(), "the other application logs users in");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void connect() {
        http = server.http();
    }

    private static void awaitDeployed(String path) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (server.http().get(path).send().status() == 404) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " not deployed:\n" + server.log());
            }
            Thread.sleep(250);
        }
    }

    // --- Jakarta Security: @DatabaseIdentityStoreDefinition over Gatehouse's datasource ---

    private Reply dbStoreCaller(String user, String password) {
        return http.get("/db-store-app/caller?role=admin&role=nurse&role=auditor").basic(user, password).send();
    }

    @Test
    void dbStoreAppAuthenticatesAGatehouseUserWithBasicAndItsRoles() {
        TestUser user = TestUsers.user().roles("admin", "nurse").create(http);
        Reply reply = dbStoreCaller(user.userName(), user.password());
        assertEquals(200, reply.status());
        JsonObject caller = reply.json();
        assertEquals(user.userName(), caller.getString("caller"));
        assertEquals(Json.createObjectBuilder().add("admin", true).add("nurse", true).add("auditor", false).build(),
                caller.getJsonObject("roles"));
    }

    @Test
    void dbStoreAppWhenNoCredentialsThenBasicChallenge() {
        Reply reply = http.get("/db-store-app/caller").send();
        assertEquals(401, reply.status());
        assertEquals("Basic realm=\"db-store-app\"", reply.header("WWW-Authenticate"));
    }

    @Test
    void dbStoreAppWhenPasswordWrongThenUnauthorized() {
        TestUser user = TestUsers.user().roles("admin").create(http);
        assertEquals(401, dbStoreCaller(user.userName(), user.password() + "x").status());
        assertEquals(401, dbStoreCaller("nobody-" + UUID.randomUUID(), user.password()).status());
    }

    @Test
    void dbStoreAppWhenUserInactiveThenUnauthorized() {
        TestUser user = TestUsers.user().roles("admin").inactive().create(http);
        assertEquals(401, dbStoreCaller(user.userName(), user.password()).status());
    }

    @Test
    void dbStoreAppWhenUserDeactivatedInGatehouseThenUnauthorizedOnTheNextRequest() {
        TestUser user = TestUsers.user().create(http);
        assertEquals(200, dbStoreCaller(user.userName(), user.password()).status());
        assertEquals(200, http.put("/User/" + user.id()).root()
                .json("{\"userName\":\"" + user.userName() + "\",\"inactive\":true}").send().status());
        assertEquals(401, dbStoreCaller(user.userName(), user.password()).status());
    }

    @Test
    void dbStoreAppWhenUserLockedOutByGatehouseThenUnauthorizedUntilRootClearsTheLock() {
        TestUser user = TestUsers.user().create(http);
        var client = gatehouse.testing.TestClients.confidential().create(http);
        for (int i = 0; i < 5; i++) {
            assertEquals(400, http.post("/auth/token").oauthBasic(client.id(), client.secret())
                    .form("grant_type", "password", "username", user.userName(), "password", "wrong").send().status());
        }
        assertEquals(401, dbStoreCaller(user.userName(), user.password()).status());
        assertEquals(200, http.put("/User/" + user.id()).root()
                .json("{\"userName\":\"" + user.userName() + "\",\"lockedUntil\":null}").send().status());
        assertEquals(200, dbStoreCaller(user.userName(), user.password()).status());
    }

    @Test
    void dbStoreAppIsCallerInRoleFollowsUserRolesChangedInGatehouse() {
        TestUser user = TestUsers.user().roles("nurse").create(http);
        JsonObject before = dbStoreCaller(user.userName(), user.password()).json().getJsonObject("roles");
        assertFalse(before.getBoolean("admin"));
        assertTrue(before.getBoolean("nurse"));

        assertEquals(200, http.put("/User/" + user.id()).root().json("{\"userName\":\"" + user.userName()
                + "\",\"roles\":[{\"value\":\"admin\"},{\"value\":\"auditor\"}]}").send().status());
        JsonObject after = dbStoreCaller(user.userName(), user.password()).json().getJsonObject("roles");
        assertEquals(Json.createObjectBuilder().add("admin", true).add("nurse", false).add("auditor", true).build(), after);
    }

    @Test
    void dbStoreAppWhenCallerLacksTheRoleThenForbidden() {
        TestUser admin = TestUsers.user().roles("admin").create(http);
        TestUser nurse = TestUsers.user().roles("nurse").create(http);
        assertEquals(200, http.get("/db-store-app/admin").basic(admin.userName(), admin.password()).send().status());
        assertEquals(403, http.get("/db-store-app/admin").basic(nurse.userName(), nurse.password()).send().status());
    }

    @Test
    void dbStoreAppCallerNameIsTheUserNameNotTheEmail() {
        TestUser user = TestUsers.user().create(http);
        assertEquals(401, dbStoreCaller(user.email(), user.password()).status());
    }

    // --- MicroProfile JWT: Gatehouse's JWKS and issuer, nothing else ---

    private String accessToken(TestClient client, TestUser user) {
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
        return reply.json().getString("access_token");
    }

    private Reply mpJwtCaller(String app, String token) {
        return http.get("/" + app + "/api/caller").bearer(token).send();
    }

    private static JwtClaims unverifiedClaims(String jwt) throws Exception {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators()
                .build().processToClaims(jwt);
    }

    /** The token's claims signed by a key Gatehouse never had, under the given {@code kid}. */
    private static String signedByAnotherKey(String jwt, String kid) throws Exception {
        RsaJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(unverifiedClaims(jwt).toJson());
        jws.setKey(other.getPrivateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    @Test
    void mpJwtAppAcceptsAGatehouseJwtWithUpnAsCallerAndGroupsAsRoles() throws Exception {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String token = accessToken(client, user);
        assertEquals(user.userName(), unverifiedClaims(token).getClaimValueAsString("upn"));

        Reply reply = mpJwtCaller("mp-jwt-app", token);
        assertEquals(200, reply.status());
        JsonObject caller = reply.json();
        assertEquals(user.userName(), caller.getString("caller"));
        assertEquals(user.userName(), caller.getString("jwtName"));
        assertEquals(user.id(), caller.getString("subject"));
        assertEquals(Json.createArrayBuilder().add("admin").build(), caller.getJsonArray("groups"));
        assertTrue(caller.getBoolean("admin"));
        assertFalse(caller.getBoolean("nurse"));
    }

    @Test
    void mpJwtAppRolesAllowedWhenGroupsHoldTheRoleThenOk() {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser admin = TestUsers.user().roles("nurse", "admin").create(http);
        Reply reply = http.get("/mp-jwt-app/api/caller/admin").bearer(accessToken(client, admin)).send();
        assertEquals(200, reply.status());
        assertEquals(admin.userName(), reply.json().getString("caller"));
    }

    @Test
    void mpJwtAppRolesAllowedWhenGroupsLackTheRoleThenForbidden() {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser nurse = TestUsers.user().roles("nurse").create(http);
        String token = accessToken(client, nurse);
        assertEquals(200, mpJwtCaller("mp-jwt-app", token).status());
        assertEquals(403, http.get("/mp-jwt-app/api/caller/admin").bearer(token).send().status());
    }

    @Test
    void mpJwtAppWhenNoTokenThenUnauthorized() {
        assertEquals(401, http.get("/mp-jwt-app/api/caller").send().status());
        assertEquals(401, http.get("/mp-jwt-app/api/caller/admin").send().status());
    }

    @Test
    void mpJwtAppWhenOpaqueTokenThenUnauthorized() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String opaque = accessToken(client, user);
        assertEquals(200, http.get("/auth/userinfo").bearer(opaque).send().status(), "a good token for Gatehouse itself");
        assertEquals(401, mpJwtCaller("mp-jwt-app", opaque).status());
        assertEquals(401, http.get("/mp-jwt-app/api/caller/admin").bearer(opaque).send().status());
    }

    @Test
    void mpJwtAppWhenJwtSignedByAnotherKeyWithTheSameKidThenUnauthorized() throws Exception {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String genuine = accessToken(client, user);
        String forged = signedByAnotherKey(genuine, JsonWebStructure.fromCompactSerialization(genuine).getKeyIdHeaderValue());
        assertEquals(200, mpJwtCaller("mp-jwt-app", genuine).status());
        assertEquals(401, mpJwtCaller("mp-jwt-app", forged).status());
        assertEquals(401, http.get("/mp-jwt-app/api/caller/admin").bearer(forged).send().status());
    }

    @Test
    void mpJwtAppWhenJwtSignedByAnotherKeyWithAnUnknownKidThenUnauthorized() throws Exception {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String forged = signedByAnotherKey(accessToken(client, user), UUID.randomUUID().toString());
        assertEquals(401, mpJwtCaller("mp-jwt-app", forged).status());
    }

    @Test
    void mpJwtAppWhenJwtUnsignedThenUnauthorized() throws Exception {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(unverifiedClaims(accessToken(client, user)).toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        none.setHeader("typ", "JWT");
        assertEquals(401, mpJwtCaller("mp-jwt-app", none.getCompactSerialization()).status());
    }

    @Test
    void mpJwtAppWhenJwtExpiredThenUnauthorized() throws Exception {
        TestClient client = TestClients.confidential().jwt().accessTokenSeconds(1).create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String token = accessToken(client, user);
        long exp = unverifiedClaims(token).getExpirationTime().getValueInMillis();
        Thread.sleep(Math.max(0, exp + 1000 - System.currentTimeMillis()));
        assertEquals(401, mpJwtCaller("mp-jwt-app", token).status());
    }

    @Test
    void mpJwtAppWhenAppExpectsAnotherIssuerThenUnauthorized() {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String token = accessToken(client, user);
        assertEquals(200, mpJwtCaller("mp-jwt-app", token).status());
        assertEquals(401, mpJwtCaller("mp-jwt-other-issuer-app", token).status());
    }

    @Test
    void mpJwtAppWithAudiencesWhenClientSetsThatAudienceThenOk() {
        TestClient client = TestClients.confidential().jwt().audience(AUDIENCE).create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        Reply reply = mpJwtCaller("mp-jwt-audience-app", accessToken(client, user));
        assertEquals(200, reply.status());
        assertEquals(user.userName(), reply.json().getString("caller"));
    }

    @Test
    void mpJwtAppWithAudiencesWhenTokenHasTheDefaultAudienceThenUnauthorized() {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String token = accessToken(client, user);
        assertEquals(200, mpJwtCaller("mp-jwt-app", token).status(), "aud is not checked where no audiences are configured");
        assertEquals(401, mpJwtCaller("mp-jwt-audience-app", token).status());
    }

    // --- Revocation: what MP-JWT cannot know, and the standard way to ask ---

    private JsonObject introspect(TestClient resourceServer, String token) {
        Reply reply = http.post("/auth/introspect").oauthBasic(resourceServer.id(), resourceServer.secret())
                .form("token", token).send();
        assertEquals(200, reply.status());
        return reply.json();
    }

    @Test
    void closedSessionsJwtWithDefaultsIsStillAcceptedByMpJwtAppButIntrospectionSaysInactive() throws Exception {
        TestClient client = TestClients.confidential().jwt().create(http);
        TestClient resourceServer = TestClients.confidential().grantTypes().introspectsAny().create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String token = accessToken(client, user);
        JwtClaims claims = unverifiedClaims(token);
        assertEquals(3600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue(),
                "the default access_token_expiration");
        assertTrue(introspect(resourceServer, token).getBoolean("active"));

        assertEquals(200, http.delete("/Session").bearer(token).send().status());

        assertEquals(401, http.get("/auth/userinfo").bearer(token).send().status(), "Gatehouse knows at once");
        assertEquals("{\"active\":false}", http.post("/auth/introspect").oauthBasic(resourceServer.id(), resourceServer.secret())
                .form("token", token).send().body());
        // The documented limitation: MP-JWT checks the signature, issuer and exp only.
        Reply stillAccepted = mpJwtCaller("mp-jwt-app", token);
        assertEquals(200, stillAccepted.status());
        assertEquals(user.userName(), stillAccepted.json().getString("caller"));
        assertEquals(200, http.get("/mp-jwt-app/api/caller/admin").bearer(token).send().status());
    }

    @Test
    void closedSessionsJwtIsAcceptedByMpJwtAppUntilItsExpAndNoLonger() throws Exception {
        long lifetimeSeconds = 4;
        TestClient client = TestClients.confidential().jwt().accessTokenSeconds(lifetimeSeconds).create(http);
        TestUser user = TestUsers.user().roles("admin").create(http);
        String token = accessToken(client, user);
        long expMillis = unverifiedClaims(token).getExpirationTime().getValueInMillis();
        assertEquals(200, http.delete("/Session").bearer(token).send().status());
        long closedAt = System.currentTimeMillis();

        long lastAcceptedStart = -1;
        long firstRefusedEnd = -1;
        long deadline = closedAt + (lifetimeSeconds + 10) * 1000;
        while (System.currentTimeMillis() < deadline) {
            long start = System.currentTimeMillis();
            int status = mpJwtCaller("mp-jwt-app", token).status();
            long end = System.currentTimeMillis();
            if (status == 200) {
                lastAcceptedStart = start;
            } else {
                assertEquals(401, status);
                firstRefusedEnd = end;
                break;
            }
            Thread.sleep(100);
        }
        System.out.printf("MP-JWT app after the Session was closed: accepted until %d ms after closing,"
                        + " refused by %d ms after closing; the token's exp was %d ms after closing%n",
                lastAcceptedStart - closedAt, firstRefusedEnd - closedAt, expMillis - closedAt);
        assertNotEquals(-1, lastAcceptedStart, "accepted right after the Session was closed");
        assertNotEquals(-1, firstRefusedEnd, "refused once expired");
        // No wall-clock bound after exp: the polls themselves are the measure. Every poll before the refused
        // one was accepted, so a request that began after exp and was still accepted would show here.
        assertTrue(lastAcceptedStart < expMillis, "accepted only before exp: the first request begun after exp was refused"
                + " (no clock skew by default)");
        assertTrue(firstRefusedEnd >= expMillis, "refused no earlier than exp: no clock skew either way");
    }
}
