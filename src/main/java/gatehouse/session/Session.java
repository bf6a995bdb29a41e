package gatehouse.session;

import java.time.Instant;
import java.util.List;

import gatehouse.config.Jsonp;
import gatehouse.store.Resources;
import gatehouse.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The server side of one access token (docs/api.md#session). {@code id} is the
 * JWT {@code jti}. Token values are never held here, only their hashes, and
 * never rendered.
 */
@Entity
@Table(name = "sessions")
public class Session extends StoredResource {

    public static final String TYPE = "Session";

    @Id
    @Column(length = 64)
    private String id;

    @Column(name = "session_type", nullable = false, length = 32)
    private String type;

    /** Null for a client's own Session (client credentials). */
    @Column(name = "user_id", length = 64)
    private String userId;

    /** Null for a browser session, which belongs to the user alone. */
    @Column(name = "client_id", length = 64)
    private String clientId;

    /** The browser session a sign-in's Session was issued from (OpenID Connect's {@code sid}), or null. */
    @Column(name = "sso_id", length = 64)
    private String ssoId;

    /** The scopes granted, space-separated (RFC 6749 §3.3), or null when none were asked for. */
    @Column(name = "scope", length = 1024)
    private String scope;

    @Column(name = "access_hash", nullable = false, length = 64)
    private String accessHash;

    @Column(name = "access_exp", nullable = false)
    private long accessExp;

    @Column(name = "refresh_hash", length = 64)
    private String refreshHash;

    @Column(name = "refresh_exp")
    private Long refreshExp;

    /** When the Session ends by itself; null while a refresh token may extend it without bound. */
    @Column(name = "exp_at")
    private Long expAt;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "last_used")
    private Long lastUsed;

    @Column(name = "closed_at")
    private Long closedAt;

    protected Session() {
    }

    public Session(String id, String type, String userId, String clientId, long createdAt) {
        this.id = id;
        this.type = type;
        this.userId = userId;
        this.clientId = clientId;
        this.createdAt = createdAt;
        touch(createdAt);
    }

    /** A Session issued through a sign-in: from the browser session {@code ssoId}, with the scopes granted. */
    public Session(String id, String type, String userId, String clientId, long createdAt, String ssoId, String scope) {
        this(id, type, userId, clientId, createdAt);
        this.ssoId = ssoId;
        this.scope = scope;
    }

    /** Installs the current access token (and refresh token, if any) by hash. */
    public void tokens(String accessHash, long accessExp, String refreshHash, Long refreshExp) {
        this.accessHash = accessHash;
        this.accessExp = accessExp;
        this.refreshHash = refreshHash;
        this.refreshExp = refreshExp;
        this.expAt = expiry(accessExp, refreshHash != null, refreshExp);
    }

    /** The Session ends with its access token, or with its refresh token if it has one. */
    static Long expiry(long accessExp, boolean refreshable, Long refreshExp) {
        if (!refreshable) {
            return accessExp;
        }
        return refreshExp == null ? null : Math.max(accessExp, refreshExp);
    }

    public String id() {
        return id;
    }

    /** {@code password}, {@code client_credentials}, {@code browser} or {@code authorization_code}: how the Session was opened. */
    public String type() {
        return type;
    }

    /** When the Session was closed (epoch milliseconds), or null while it is not. */
    public Long closedAt() {
        return closedAt;
    }

    public String userId() {
        return userId;
    }

    public String clientId() {
        return clientId;
    }

    public String ssoId() {
        return ssoId;
    }

    /** The scopes granted, space-separated, or null. */
    public String scope() {
        return scope;
    }

    public long createdAt() {
        return createdAt;
    }

    public long accessExp() {
        return accessExp;
    }

    String accessHash() {
        return accessHash;
    }

    Long refreshExp() {
        return refreshExp;
    }

    Long lastUsed() {
        return lastUsed;
    }

    /** Open, and its current access token not expired. */
    public boolean accessValid(long now) {
        return closedAt == null && now < accessExp;
    }

    /** Open, holding a refresh token that has not expired. */
    public boolean refreshable(long now) {
        return closedAt == null && refreshHash != null && (refreshExp == null || now < refreshExp);
    }

    public JsonObject render() {
        JsonObjectBuilder attributes = Jsonp.PROVIDER.createObjectBuilder().add("type", type);
        if (userId != null) {
            attributes.add("user", reference("User", userId));
        }
        if (clientId != null) {
            attributes.add("client", reference("Client", clientId));
        }
        if (ssoId != null) {
            attributes.add("sso", reference(TYPE, ssoId));
        }
        if (scope != null) {
            attributes.add("scope", Jsonp.PROVIDER.createArrayBuilder(List.of(scope.split(" "))));
        }
        attributes.add("created", Instant.ofEpochMilli(createdAt).toString());
        if (expAt != null) {
            attributes.add("exp", Instant.ofEpochMilli(expAt).toString());
        }
        if (lastUsed != null) {
            attributes.add("lastUsed", Instant.ofEpochMilli(lastUsed).toString());
        }
        if (closedAt != null) {
            attributes.add("closed", Instant.ofEpochMilli(closedAt).toString());
        }
        return Resources.render(TYPE, id, versionId, lastUpdated, attributes.build());
    }

    private static JsonObject reference(String type, String id) {
        return Jsonp.PROVIDER.createObjectBuilder().add("resourceType", type).add("id", id).build();
    }
}
