package gatehouse.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.JwtParts;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@code GATEHOUSE_JWT_ALGORITHM=ES256} (docs/signing-keys.md), and switching to it. A server
 * signs RS256 (the default); restarted on the same data with ES256, it rotates to
 * a P-256 key at start, keeps the RSA key published while its tokens live, and a
 * MicroProfile JWT application configured for ES256 accepts the new tokens (upn as
 * caller, groups as roles) while one configured for RS256 still accepts the old.
 * JavaEeInteropIT covers MP-JWT with RS256 in full. Always on its own H2 database:
 * the algorithm is the newest key's, shared by every server on a database, and the
 * other ITs' servers expect RS256; so not run again under -Ppostgres.
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
class Es256InteropIT {

    @Test
    void switchingToEs256RotatesToAP256KeyThatMpJwtVerifiesWhileRs256TokensStayValid() throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "the same on H2; see the class comment");
        Path work = Path.of("target", "es256-it", UUID.randomUUID().toString()).toAbsolutePath();
        int port = PayaraMicroProcess.freePort();
        String issuer = "http://localhost:" + port;
        Map<String, String> rs256 = Map.of(
                "GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024"),
                "GATEHOUSE_ISSUER", issuer,
                // its own H2, whatever the build's database (see above)
                "GATEHOUSE_DATASOURCE_CLASS", "org.h2.jdbcx.JdbcDataSource",
                "GATEHOUSE_DATASOURCE_URL", "jdbc:h2:file:" + work.resolve("data").resolve("gatehouse"),
                "GATEHOUSE_DATASOURCE_USER", "gatehouse",
                "GATEHOUSE_DATASOURCE_PASSWORD", "gatehouse");
        TestClient client;
        TestUser admin;
        String rsaToken;
        try (PayaraMicroProcess first = PayaraMicroProcess.start(work, port, PayaraMicroProcess.withShortLivedJvm(rs256), List.of())) {
            Http http = first.http();
            client = TestClients.confidential().jwt().create(http);
            admin = TestUsers.user().roles("admin").create(http);
            rsaToken = accessToken(http, client, admin);
            assertEquals(AlgorithmIdentifiers.RSA_USING_SHA256, JwtParts.header(rsaToken).getString("alg"));
        }

        String jwks = issuer + "/.well-known/jwks.json";
        Path wars = work.resolve("wars");
        List<Path> apps = List.of(
                OtherApps.mpJwtApp(wars, "mp-jwt-es256-app", Map.of(
                        "mp.jwt.verify.publickey.location", jwks,
                        "mp.jwt.verify.publickey.algorithm", "ES256",
                        "mp.jwt.verify.issuer", issuer)),
                OtherApps.mpJwtApp(wars, "mp-jwt-rs256-app", Map.of(
                        "mp.jwt.verify.publickey.location", jwks,
                        "mp.jwt.verify.issuer", issuer)));
        Map<String, String> es256 = new java.util.HashMap<>(rs256);
        es256.put("GATEHOUSE_JWT_ALGORITHM", "ES256");
        try (PayaraMicroProcess second = PayaraMicroProcess.start(work, port, PayaraMicroProcess.withShortLivedJvm(es256), apps)) {
            Http http = second.http();
            awaitDeployed(second, "/mp-jwt-es256-app/api/caller");
            awaitDeployed(second, "/mp-jwt-rs256-app/api/caller");

            List<JsonObject> keys = publishedKeys(http);
            assertEquals(2, keys.size(), "the new P-256 key, and the RSA key while its token lives: " + keys);
            JsonObject ec = keys.get(0);
            assertEquals("EC", ec.getString("kty"));
            assertEquals("P-256", ec.getString("crv"));
            assertEquals("ES256", ec.getString("alg"));
            assertEquals("sig", ec.getString("use"));
            assertEquals(JwtParts.header(rsaToken).getString("kid"), keys.get(1).getString("kid"));
            assertEquals("RSA", keys.get(1).getString("kty"));

            String ecToken = accessToken(http, client, admin);
            assertEquals("ES256", JwtParts.header(ecToken).getString("alg"));
            assertEquals(ec.getString("kid"), JwtParts.header(ecToken).getString("kid"));
            Reply caller = http.get("/mp-jwt-es256-app/api/caller").bearer(ecToken).send();
            assertEquals(200, caller.status());
            assertEquals(admin.userName(), caller.json().getString("caller"));
            assertEquals(200, http.get("/mp-jwt-es256-app/api/caller/admin").bearer(ecToken).send().status(), "groups are roles");
            assertEquals(200, http.get("/mp-jwt-rs256-app/api/caller").bearer(rsaToken).send().status(),
                    "a token signed before the switch still verifies");

            String forged = signedByAnotherEcKey(ecToken, ec.getString("kid"));
            assertEquals(401, http.get("/mp-jwt-es256-app/api/caller").bearer(forged).send().status());

            String rotatedKid = http.post("/auth/keys/rotate").root().send().json().getString("kid");
            assertNotEquals(ec.getString("kid"), rotatedKid);
            assertEquals("EC", publishedKeys(http).get(0).getString("kty"), "a rotation makes a key of the configured algorithm");
            String rotatedToken = accessToken(http, client, admin);
            assertEquals(rotatedKid, JwtParts.header(rotatedToken).getString("kid"));
            // Payara's MP-JWT caches the JWKS for minutes and would not see the new kid yet: verify against the JWKS directly.
            JsonWebKeySet published = new JsonWebKeySet(http.get("/.well-known/jwks.json").send().body());
            assertEquals(admin.id(), new JwtConsumerBuilder()
                    .setExpectedIssuer(issuer)
                    .setSkipDefaultAudienceValidation()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(published.getJsonWebKeys()))
                    .build().processToClaims(rotatedToken).getSubject());
            assertEquals(200, http.get("/mp-jwt-es256-app/api/caller").bearer(ecToken).send().status(), "the earlier key stays published");
        }
    }

    private static String accessToken(Http http, TestClient client, TestUser user) {
        Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password()).send();
        assertEquals(200, reply.status());
        return reply.json().getString("access_token");
    }

    private static List<JsonObject> publishedKeys(Http http) {
        return http.get("/.well-known/jwks.json").send().json().getJsonArray("keys").stream().map(JsonValue::asJsonObject).toList();
    }

    /** The token's claims signed by a P-256 key Gatehouse never had, under the given kid. */
    private static String signedByAnotherEcKey(String jwt, String kid) throws Exception {
        EllipticCurveJsonWebKey other = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators().build()
                .processToClaims(jwt).toJson());
        jws.setKey(other.getPrivateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    private static void awaitDeployed(PayaraMicroProcess server, String path) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (server.http().get(path).send().status() == 404) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " not deployed:\n" + server.log());
            }
            Thread.sleep(250);
        }
    }
}
