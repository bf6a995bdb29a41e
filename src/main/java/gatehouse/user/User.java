package gatehouse.user;

import java.util.List;
import java.util.Set;

import gatehouse.config.Jsonp;
import gatehouse.config.Protocol;
import gatehouse.store.Resources;
import gatehouse.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/**
 * A user. The login names and the password hash are columns (indexed, and shared
 * with other applications' identity stores); everything else rides along as JSON.
 */
@Entity
@Table(name = "users")
public class User extends StoredResource {

    public static final String TYPE = "User";

    @Id
    @Column(length = 64)
    private String id;

    @Column(name = "user_name", length = 256)
    private String userName;

    @Column(length = 256)
    private String email;

    @Column(name = "password_hash", length = 512)
    private String passwordHash;

    @Column(nullable = false)
    private boolean inactive;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    /** Epoch milliseconds; the lock holds while this is in the future. */
    @Column(name = "locked_until")
    private Long lockedUntil;

    /** The attributes without the password. */
    @Column(nullable = false)
    private String content;

    protected User() {
    }

    User(String id) {
        this.id = id;
    }

    void update(UserAttributes attributes, long now) {
        rendered = null;
        roles = null;
        roleSet = null;
        userName = attributes.userName();
        email = attributes.email();
        inactive = attributes.inactive();
        content = attributes.withoutPassword().toString();
        touch(now);
    }

    void passwordHash(String hash) {
        passwordHash = hash;
    }

    public String id() {
        return id;
    }

    /** The name other applications know the user by: userName, else the id (the JWT {@code upn}). */
    public String callerName() {
        return userName != null ? userName : id;
    }

    String userName() {
        return userName;
    }

    String email() {
        return email;
    }

    String passwordHash() {
        return passwordHash;
    }

    public boolean inactive() {
        return inactive;
    }

    int failedLogins() {
        return failedLogins;
    }

    boolean lockedAt(long now) {
        return lockedUntil != null && lockedUntil > now;
    }

    void unlock() {
        failedLogins = 0;
        lockedUntil = null;
    }

    /** The user with its lock state, for the root client only. */
    JsonObject renderWithLockState() {
        var resource = Jsonp.PROVIDER.createObjectBuilder(render()).add("failedLogins", failedLogins);
        if (lockedUntil != null) {
            resource.add("lockedUntil", java.time.Instant.ofEpochMilli(lockedUntil).toString());
        }
        return resource.build();
    }

    @Transient
    private JsonObject rendered;

    @Transient
    private List<String> roles;

    @Transient
    private Set<String> roleSet;

    /** The user as shown to anyone: never the password. */
    public JsonObject render() {
        if (rendered == null) {
            rendered = Resources.render(TYPE, id, versionId, lastUpdated, Resources.parse(content));
        }
        return rendered;
    }

    /**
     * The values of {@code roles}, parsed once per load: the JWT {@code groups} and
     * the caller's groups. Reserved names ({@code gatehouse:…}) never count, even
     * in data written before they were refused.
     */
    public List<String> roles() {
        if (roles == null) {
            JsonValue stored = Resources.parse(content).get("roles");
            roles = stored == null || stored.getValueType() != JsonValue.ValueType.ARRAY ? List.of() : stored.asJsonArray().stream()
                    .filter(role -> role.getValueType() == JsonValue.ValueType.OBJECT)
                    .map(role -> role.asJsonObject().getString("value", null))
                    .filter(value -> value != null && !value.startsWith(Protocol.RESERVED_ROLE_PREFIX))
                    .distinct()
                    .toList();
        }
        return roles;
    }

    public Set<String> roleSet() {
        if (roleSet == null) {
            roleSet = Set.copyOf(roles());
        }
        return roleSet;
    }
}
