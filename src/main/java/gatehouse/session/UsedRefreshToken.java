package gatehouse.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The hash of a refresh token already exchanged, kept to recognise its replay. */
@Entity
@Table(name = "used_refresh_tokens")
class UsedRefreshToken {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "session_id", nullable = false, length = 64)
    private String sessionId;

    protected UsedRefreshToken() {
    }

    UsedRefreshToken(String tokenHash, String sessionId) {
        this.tokenHash = tokenHash;
        this.sessionId = sessionId;
    }

    String sessionId() {
        return sessionId;
    }
}
