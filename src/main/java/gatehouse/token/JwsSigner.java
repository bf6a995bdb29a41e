package gatehouse.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;

import gatehouse.config.Jsonp;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Signs JWTs with one key: JWS compact serialisation (RFC 7515) with the header
 * {@code {"kid":…,"alg":…,"typ":"JWT"}}, byte for byte what jose4j makes. Everything
 * that does not depend on the claims is done once per key, not per token: the header
 * is serialised and encoded once, and initialised {@link Signature}s are pooled
 * (one is not thread-safe, and {@code getInstance} plus {@code initSign} per token
 * cost a provider lookup and key checks). The RSA private key is the CRT form
 * jose4j reads from the stored JWK (p, q, dp, dq, qi), four times cheaper than d alone.
 */
final class JwsSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final SigningAlgorithm algorithm;
    private final PrivateKey key;
    /** {@code base64url(header) + "."}, as bytes. */
    private final byte[] headerDot;
    private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

    JwsSigner(String kid, SigningAlgorithm algorithm, PrivateKey key) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.key = key;
        String header = "{\"kid\":" + Jsonp.PROVIDER.createValue(kid) + ",\"alg\":\"" + algorithm.jwsName() + "\",\"typ\":\"JWT\"}";
        this.headerDot = (BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + ".").getBytes(StandardCharsets.US_ASCII);
        idle.add(newSignature()); // fails here, at key load, if the key does not fit the algorithm
    }

    /** A signer for a key pair as jose4j reads it from its JWK (with the private half). */
    static JwsSigner of(PublicJsonWebKey jwk, SigningAlgorithm algorithm) {
        return new JwsSigner(jwk.getKeyId(), algorithm, jwk.getPrivateKey());
    }

    String kid() {
        return kid;
    }

    SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** {@code header.payload.signature} for these claims (a JSON object). */
    String sign(String claimsJson) {
        byte[] payload = BASE64URL.encode(claimsJson.getBytes(StandardCharsets.UTF_8));
        byte[] signed = new byte[headerDot.length + payload.length];
        System.arraycopy(headerDot, 0, signed, 0, headerDot.length);
        System.arraycopy(payload, 0, signed, headerDot.length, payload.length);
        Signature signature = idle.poll();
        if (signature == null) {
            signature = newSignature();
        }
        byte[] value;
        try {
            signature.update(signed);
            value = signature.sign(); // resets it for the next token with the same key
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        idle.offer(signature);
        return new String(signed, StandardCharsets.US_ASCII) + '.' + BASE64URL.encodeToString(value);
    }

    private Signature newSignature() {
        try {
            Signature signature = Signature.getInstance(algorithm.jcaName());
            signature.initSign(key);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with key " + kid + " (" + algorithm + ")", e);
        }
    }
}
