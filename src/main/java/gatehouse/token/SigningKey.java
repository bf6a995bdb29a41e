package gatehouse.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A signing key pair as JWKs, kept in the database so that restarts and every
 * instance on the same database sign with the same keys. The private half is
 * stored encrypted ({@link KeyEncryption}); {@code maxExp} bounds the expiry of
 * every token the key signed, so the key can retire once they all expired.
 */
@Entity
@Table(name = "signing_keys")
class SigningKey {

    @Id
    @Column(length = 64)
    private String kid;

    @Column(nullable = false, length = 16)
    private String algorithm;

    /** Encrypted at rest; plaintext only in rows from before encryption, until the next start. */
    @Column(name = "private_jwk", nullable = false)
    private String privateJwk;

    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "max_exp")
    private Long maxExp;

    /** The order keys were made in (not their clocks'): the highest signs. */
    @Column(name = "seq")
    private Long seq;

    protected SigningKey() {
    }

    SigningKey(String kid, String algorithm, String storedPrivateJwk, String publicJwk, long createdAt, long seq) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.privateJwk = storedPrivateJwk;
        this.publicJwk = publicJwk;
        this.createdAt = createdAt;
        this.maxExp = createdAt;
        this.seq = seq;
    }

    String kid() {
        return kid;
    }

    /** The JWS name of the algorithm it signs with (RS256, ES256). */
    String algorithm() {
        return algorithm;
    }

    String storedPrivateJwk() {
        return privateJwk;
    }

    String publicJwk() {
        return publicJwk;
    }

    long createdAt() {
        return createdAt;
    }

    long maxExp() {
        return maxExp == null ? Long.MAX_VALUE : maxExp;
    }
}
