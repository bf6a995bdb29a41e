package gatehouse.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A signing key pair as JWKs. Kept in the database so that restarts and every
 * instance on the same database sign and verify with the same keys.
 */
@Entity
@Table(name = "signing_keys")
class SigningKey {

    @Id
    @Column(length = 64)
    private String kid;

    @Column(nullable = false, length = 16)
    private String algorithm;

    @Column(name = "private_jwk", nullable = false)
    private String privateJwk;

    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "retired_at")
    private Long retiredAt;

    protected SigningKey() {
    }

    SigningKey(String kid, String algorithm, String privateJwk, String publicJwk, long createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.privateJwk = privateJwk;
        this.publicJwk = publicJwk;
        this.createdAt = createdAt;
    }

    String kid() {
        return kid;
    }

    String privateJwk() {
        return privateJwk;
    }

    String publicJwk() {
        return publicJwk;
    }

    long createdAt() {
        return createdAt;
    }
}
