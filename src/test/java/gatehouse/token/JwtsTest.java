package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtsTest {

    private static final String ISSUER = "https://gatehouse.example";

    private static RsaJsonWebKey key;
    private static RsaJsonWebKey otherKey;
    private static RsaJsonWebKey rotatedKey;
    private static JwtConsumer consumer;

    @BeforeAll
    static void keys() throws JoseException {
        key = rsa("k1");
        otherKey = rsa("k1"); // same kid, different key pair: a forger's guess
        rotatedKey = rsa("k2");
        consumer = verifier(publicOnly(key), publicOnly(rotatedKey));
    }

    @Test
    void signThenConsumeReturnsTheClaims() throws Exception {
        JwtClaims claims = claims();
        claims.setClaim("client_id", "app");

        JwtClaims back = consumer.processToClaims(Jwts.sign(claims, signer(key)));

        assertEquals(ISSUER, back.getIssuer());
        assertEquals("alice", back.getSubject());
        assertEquals("session-1", back.getJwtId());
        assertEquals(claims.getExpirationTime(), back.getExpirationTime());
        assertEquals(List.of("admin", "reader"), back.getStringListClaimValue("groups"));
        assertEquals("app", back.getStringClaimValue("client_id"));
    }

    @Test
    void signedTokenHeaderHasKidAndRs256() throws Exception {
        String token = Jwts.sign(claims(), signer(key));

        JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(token);

        assertEquals("k1", jws.getKeyIdHeaderValue());
        assertEquals(AlgorithmIdentifiers.RSA_USING_SHA256, jws.getAlgorithmHeaderValue());
        assertEquals("JWT", jws.getHeader("typ"));
    }

    @Test
    void signatureByAnotherKeyWithTheSameKidRejected() {
        assertRejected(Jwts.sign(claims(), signer(otherKey)));
    }

    @Test
    void tokenSignedWithAnyLiveKeyAccepted() throws Exception {
        JwtClaims back = consumer.processToClaims(Jwts.sign(claims(), signer(rotatedKey)));

        assertEquals("alice", back.getSubject());
    }

    @Test
    void consumerWithoutTheSigningKeyRejects() throws Exception {
        JwtConsumer onlyRotated = verifier(publicOnly(rotatedKey));

        assertRejected(onlyRotated, Jwts.sign(claims(), signer(key)));
    }

    @Test
    void rs256TokensAreByteForByteWhatJose4jMakes() throws Exception {
        JwtClaims claims = claims();
        claims.setClaim("upn", "alice/é\"x");
        JsonWebSignature jose4j = new JsonWebSignature();
        jose4j.setPayload(claims.toJson());
        jose4j.setKey(key.getPrivateKey());
        jose4j.setKeyIdHeaderValue(key.getKeyId());
        jose4j.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jose4j.setHeader("typ", "JWT");

        // RSASSA-PKCS1-v1_5 is deterministic: the same key and input give the same signature.
        assertEquals(jose4j.getCompactSerialization(), Jwts.sign(claims, signer(key)));
    }

    @Test
    void es256SignThenConsumeWithTheEcKeyReturnsTheClaims() throws Exception {
        EllipticCurveJsonWebKey ec = (EllipticCurveJsonWebKey) SigningAlgorithm.ES256.generate();
        String token = Jwts.sign(claims(), JwsSigner.of(ec, SigningAlgorithm.ES256));

        JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(token);
        assertEquals(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, jws.getAlgorithmHeaderValue());
        assertEquals(ec.getKeyId(), jws.getKeyIdHeaderValue());
        assertEquals(64, Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)).length, "r || s, not DER");
        JwtConsumer es256 = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setExpectedIssuer(ISSUER)
                .setSkipDefaultAudienceValidation()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(
                        new ArrayList<JsonWebKey>(List.of(PublicJsonWebKey.Factory.newPublicJwk(ec.toJson())))))
                .build();
        assertEquals("alice", es256.processToClaims(token).getSubject());
        assertRejected(token); // an RS256-only consumer refuses it
    }

    @Test
    void oneSignerUsedByManyThreadsAtOnceMakesValidTokens() throws Exception {
        JwsSigner shared = signer(key);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tokens.add(pool.submit(() -> Jwts.sign(claims(), shared)));
            }
            for (Future<String> token : tokens) {
                assertEquals("alice", consumer.processToClaims(token.get()).getSubject());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void algorithmNamesAreRs256OrEs256AndNothingElse() {
        assertEquals(SigningAlgorithm.ES256, SigningAlgorithm.named(" es256 "));
        assertEquals(SigningAlgorithm.RS256, SigningAlgorithm.named("RS256"));
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> SigningAlgorithm.named("HS256"));
        assertTrue(none.getMessage().contains("GATEHOUSE_JWT_ALGORITHM"), none.getMessage());
    }

    @Test
    void aKeyOfTheWrongTypeForTheAlgorithmIsRefusedWhenLoaded() {
        assertThrows(IllegalStateException.class, () -> JwsSigner.of(key, SigningAlgorithm.ES256));
    }

    private static JwsSigner signer(RsaJsonWebKey jwk) {
        return JwsSigner.of(jwk, SigningAlgorithm.RS256);
    }

    private static InvalidJwtException assertRejected(String token) {
        return assertRejected(consumer, token);
    }

    private static InvalidJwtException assertRejected(JwtConsumer consumer, String token) {
        return assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(token), token);
    }

    /**
     * What another application (MicroProfile JWT) does with Gatehouse's tokens: RS256
     * only, the keys of the JWKS, issuer and expiry required. Gatehouse itself finds
     * a token's Session by its hash instead; SessionIT tries forged JWTs on it.
     */
    private static JwtConsumer verifier(PublicJsonWebKey... keys) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(ISSUER)
                .setSkipDefaultAudienceValidation()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new ArrayList<JsonWebKey>(List.of(keys))))
                .build();
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("alice");
        claims.setAudience("https://api.example");
        claims.setJwtId("session-1");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setStringListClaim("groups", "admin", "reader");
        return claims;
    }

    private static RsaJsonWebKey rsa(String kid) throws JoseException {
        RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
        jwk.setKeyId(kid);
        return jwk;
    }

    /** What the consumer gets in production: the public half only, as published in the JWKS. */
    private static PublicJsonWebKey publicOnly(RsaJsonWebKey jwk) throws JoseException {
        return PublicJsonWebKey.Factory.newPublicJwk(jwk.toJson());
    }
}
