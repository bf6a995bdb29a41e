package gatehouse.token;

import java.util.Locale;
import java.util.UUID;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The JWS algorithms Gatehouse signs with, server-wide ({@code gatehouse.jwt.algorithm}).
 * RS256 is the default, which every JWT library verifies; ES256 (P-256) is cheaper to
 * sign and makes shorter tokens but dearer to verify, and MicroProfile JWT verifies it
 * too ({@code mp.jwt.verify.publickey.algorithm=ES256}). docs/signing-keys.md says when to choose which.
 */
enum SigningAlgorithm {

    RS256(AlgorithmIdentifiers.RSA_USING_SHA256, "SHA256withRSA"),
    // P1363: the signature as r || s, the form JWS uses (RFC 7518 §3.4), not DER.
    ES256(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, "SHA256withECDSAinP1363Format");

    static final int RSA_BITS = 2048;

    private final String jwsName;
    private final String jcaName;

    SigningAlgorithm(String jwsName, String jcaName) {
        this.jwsName = jwsName;
        this.jcaName = jcaName;
    }

    /** The configured name, case-insensitively; anything else stops the start with a clear message. */
    static SigningAlgorithm named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.jwt.algorithm (GATEHOUSE_JWT_ALGORITHM) must be RS256 or ES256, not '" + name + "'");
        }
    }

    /** The algorithm of a stored key, by its JWS name. */
    static SigningAlgorithm ofJwsName(String jwsName) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.jwsName.equals(jwsName)) {
                return algorithm;
            }
        }
        throw new IllegalStateException("A signing key in the database has an unknown algorithm: " + jwsName);
    }

    String jwsName() {
        return jwsName;
    }

    String jcaName() {
        return jcaName;
    }

    /** A new key pair with a random kid, for signing ({@code use: sig}) with this algorithm. */
    PublicJsonWebKey generate() {
        try {
            PublicJsonWebKey jwk = this == RS256 ? RsaJwkGenerator.generateJwk(RSA_BITS) : EcJwkGenerator.generateJwk(EllipticCurves.P256);
            jwk.setKeyId(UUID.randomUUID().toString());
            jwk.setAlgorithm(jwsName);
            jwk.setUse("sig");
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }
}
