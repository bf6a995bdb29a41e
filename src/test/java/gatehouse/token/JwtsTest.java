package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
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
        consumer = Jwts.consumer(ISSUER, List.of(publicOnly(key), publicOnly(rotatedKey)));
    }

    @Test
    void signThenConsumeReturnsTheClaims() throws Exception {
        JwtClaims claims = claims();
        claims.setClaim("client_id", "app");

        JwtClaims back = consumer.processToClaims(Jwts.sign(claims, key));

        assertEquals(ISSUER, back.getIssuer());
        assertEquals("alice", back.getSubject());
        assertEquals("session-1", back.getJwtId());
        assertEquals(claims.getExpirationTime(), back.getExpirationTime());
        assertEquals(List.of("admin", "reader"), back.getStringListClaimValue("groups"));
        assertEquals("app", back.getStringClaimValue("client_id"));
    }

    @Test
    void signedTokenHeaderHasKidAndRs256() throws Exception {
        String token = Jwts.sign(claims(), key);

        JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(token);

        assertEquals("k1", jws.getKeyIdHeaderValue());
        assertEquals(AlgorithmIdentifiers.RSA_USING_SHA256, jws.getAlgorithmHeaderValue());
        assertEquals("JWT", jws.getHeader("typ"));
    }

    @Test
    void tokenSignedWithAnyLiveKeyAccepted() throws Exception {
        JwtClaims back = consumer.processToClaims(Jwts.sign(claims(), rotatedKey));

        assertEquals("alice", back.getSubject());
    }

    @Test
    void consumerWithoutTheSigningKeyRejects() throws Exception {
        JwtConsumer onlyRotated = Jwts.consumer(ISSUER, List.of(publicOnly(rotatedKey)));

        assertRejected(onlyRotated, Jwts.sign(claims(), key));
    }

    @Test
    void algNoneRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setKeyIdHeaderValue("k1");
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        String unsigned = jws.getCompactSerialization();

        assertEquals("", unsigned.substring(unsigned.lastIndexOf('.') + 1));
        assertRejected(unsigned);
    }

    @Test
    void hs256WithPublicKeyAsHmacSecretRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue("k1");
        jws.setKey(new HmacKey(key.getPublicKey().getEncoded()));
        String forged = jws.getCompactSerialization();

        assertRejected(forged);
    }

    @Test
    void hs256WithPublicJwkJsonAsHmacSecretRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue("k1");
        jws.setKey(new HmacKey(key.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertRejected(jws.getCompactSerialization());
    }

    @Test
    void otherRsaAlgorithmWithTheRightKeyRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_PSS_USING_SHA256);
        jws.setKeyIdHeaderValue("k1");
        jws.setKey(key.getPrivateKey());

        assertRejected(jws.getCompactSerialization());
    }

    @Test
    void tamperedPayloadRejected() throws Exception {
        String token = Jwts.sign(claims(), key);
        JwtClaims admin = claims();
        admin.setSubject("root");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(admin.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + payload + "." + parts[2];

        assertNotEquals(token, tampered);
        assertTrue(assertRejected(tampered).hasErrorCode(ErrorCodes.SIGNATURE_INVALID));
    }

    @Test
    void tamperedSignatureRejected() {
        String token = Jwts.sign(claims(), key);
        char last = token.charAt(token.length() - 5);
        String tampered = token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);

        assertRejected(tampered);
    }

    @Test
    void differentKeyWithSameKidRejected() {
        assertTrue(assertRejected(Jwts.sign(claims(), otherKey)).hasErrorCode(ErrorCodes.SIGNATURE_INVALID));
    }

    @Test
    void unknownKidRejected() throws Exception {
        assertRejected(Jwts.sign(claims(), rsa("k-unknown")));
    }

    @Test
    void expiredTokenRejected() {
        JwtClaims claims = claims();
        claims.setIssuedAt(secondsFromNow(-3600));
        claims.setExpirationTime(secondsFromNow(-60));

        assertTrue(assertRejected(Jwts.sign(claims, key)).hasExpired());
    }

    @Test
    void tokenExpiredWithinClockSkewAccepted() throws Exception {
        JwtClaims claims = claims();
        claims.setIssuedAt(secondsFromNow(-3600));
        claims.setExpirationTime(secondsFromNow(-1));

        assertEquals("alice", consumer.processToClaims(Jwts.sign(claims, key)).getSubject());
    }

    @Test
    void missingExpRejected() {
        JwtClaims claims = claims();
        claims.unsetClaim("exp");

        assertTrue(assertRejected(Jwts.sign(claims, key)).hasErrorCode(ErrorCodes.EXPIRATION_MISSING));
    }

    @Test
    void notYetValidTokenRejected() {
        JwtClaims claims = claims();
        claims.setNotBefore(secondsFromNow(600));

        assertRejected(Jwts.sign(claims, key));
    }

    @Test
    void wrongIssuerRejected() {
        JwtClaims claims = claims();
        claims.setIssuer("https://evil.example");

        assertTrue(assertRejected(Jwts.sign(claims, key)).hasErrorCode(ErrorCodes.ISSUER_INVALID));
    }

    @Test
    void missingIssuerRejected() {
        JwtClaims claims = claims();
        claims.unsetClaim("iss");

        assertTrue(assertRejected(Jwts.sign(claims, key)).hasErrorCode(ErrorCodes.ISSUER_MISSING));
    }

    @Test
    void missingJtiRejected() {
        JwtClaims claims = claims();
        claims.unsetClaim("jti");

        assertTrue(assertRejected(Jwts.sign(claims, key)).hasErrorCode(ErrorCodes.JWT_ID_MISSING));
    }

    @Test
    void missingSubRejected() {
        JwtClaims claims = claims();
        claims.unsetClaim("sub");

        assertTrue(assertRejected(Jwts.sign(claims, key)).hasErrorCode(ErrorCodes.SUBJECT_MISSING));
    }

    @Test
    void garbageRejected() {
        assertRejected("not-a-jwt");
        assertRejected("a.b.c");
        assertRejected("");
    }

    private static InvalidJwtException assertRejected(String token) {
        return assertRejected(consumer, token);
    }

    private static InvalidJwtException assertRejected(JwtConsumer consumer, String token) {
        return assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(token), token);
    }

    private static NumericDate secondsFromNow(long seconds) {
        return NumericDate.fromSeconds(NumericDate.now().getValue() + seconds);
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
