package gatehouse.token;

import java.util.ArrayList;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Signing and verifying Gatehouse JWTs with jose4j: RS256 only, {@code kid}
 * always, and {@code exp}, {@code iss}, {@code sub} and {@code jti} required.
 */
final class Jwts {

    private Jwts() {
    }

    static String sign(JwtClaims claims, PublicJsonWebKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    /** A consumer for tokens of this issuer signed by any of these keys; built once per key set. */
    static JwtConsumer consumer(String issuer, List<PublicJsonWebKey> keys) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(issuer)
                .setSkipDefaultAudienceValidation() // the audience is per client; the Session binds the token
                .setAllowedClockSkewInSeconds(5)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new ArrayList<JsonWebKey>(keys)))
                .build();
    }
}
