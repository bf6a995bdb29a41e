package gatehouse.token;

import org.jose4j.jwt.JwtClaims;

/** Signing Gatehouse JWTs: the server-wide algorithm, {@code kid} and {@code typ: JWT} always ({@link JwsSigner}). */
final class Jwts {

    private Jwts() {
    }

    static String sign(JwtClaims claims, JwsSigner signer) {
        return signer.sign(claims.toJson());
    }
}
