package gatehouse.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What an authorization code stands for (RFC 6749 §4.1.2), stored by the code's hash only:
 * who signed in to which client, through which browser session, for which redirect URI,
 * PKCE challenge, scopes and nonce. Used once: {@code redeemedAt} and the Session it opened
 * stay, so that a second use closes that Session.
 */
@Entity
@Table(name = "authorization_codes")
public class AuthorizationCode {

    @Id
    @Column(name = "code_hash", length = 64)
    private String codeHash;

    @Column(name = "client_id", nullable = false, length = 64)
    private String clientId;

    @Column(name = "user_id", nullable = false, length = 64)
    private String userId;

    @Column(name = "sso_id", nullable = false, length = 64)
    private String ssoId;

    @Column(name = "redirect_uri", nullable = false, length = 2048)
    private String redirectUri;

    @Column(name = "code_challenge", length = 128)
    private String codeChallenge;

    @Column(name = "scope", length = 1024)
    private String scope;

    @Column(name = "nonce", length = 512)
    private String nonce;

    @Column(name = "auth_time", nullable = false)
    private long authTime;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    @Column(name = "session_id", length = 64)
    private String sessionId;

    @Column(name = "redeemed_at")
    private Long redeemedAt;

    @Column(name = "replayed_at")
    private Long replayedAt;

    protected AuthorizationCode() {
    }

    /** What a code is issued for; {@code codeChallenge}, {@code scope} and {@code nonce} may be null. */
    public record Grant(String clientId, String userId, String ssoId, String redirectUri, String codeChallenge, String scope,
                        String nonce, long authTime) {
    }

    AuthorizationCode(String codeHash, Grant grant, long expiresAt) {
        this.codeHash = codeHash;
        this.clientId = grant.clientId();
        this.userId = grant.userId();
        this.ssoId = grant.ssoId();
        this.redirectUri = grant.redirectUri();
        this.codeChallenge = grant.codeChallenge();
        this.scope = grant.scope();
        this.nonce = grant.nonce();
        this.authTime = grant.authTime();
        this.expiresAt = expiresAt;
    }

    String clientId() {
        return clientId;
    }

    String userId() {
        return userId;
    }

    String ssoId() {
        return ssoId;
    }

    String redirectUri() {
        return redirectUri;
    }

    String codeChallenge() {
        return codeChallenge;
    }

    String scope() {
        return scope;
    }

    String nonce() {
        return nonce;
    }

    long authTime() {
        return authTime;
    }

    long expiresAt() {
        return expiresAt;
    }

    String sessionId() {
        return sessionId;
    }

    Long redeemedAt() {
        return redeemedAt;
    }

    Long replayedAt() {
        return replayedAt;
    }
}
