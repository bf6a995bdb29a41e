package gatehouse.client;

import java.util.EnumSet;
import java.util.Set;

import gatehouse.config.Jsonp;
import gatehouse.store.Fields;
import gatehouse.store.Resources;
import gatehouse.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/** An OAuth client. The secret is only ever held as a hash. */
@Entity
@Table(name = "clients")
public class Client extends StoredResource {

    public static final String TYPE = "Client";

    @Id
    @Column(length = 64)
    private String id;

    @Column(name = "secret_hash", length = 512)
    private String secretHash;

    /** The attributes without the secret. */
    @Column(nullable = false)
    private String content;

    /** Parsed once per load or change: read on every token request. */
    @Transient
    private JsonObject attributes;

    @Transient
    private Set<GrantType> grantTypes;

    @Transient
    private TokenSettings tokenSettings;

    protected Client() {
    }

    Client(String id) {
        this.id = id;
    }

    /** Checks and takes new attributes (without the secret). */
    void update(JsonObject withoutSecret, long now) {
        grantTypes = grantTypes(withoutSecret);
        tokenSettings = TokenSettings.of(withoutSecret);
        content = withoutSecret.toString();
        attributes = withoutSecret;
        touch(now);
    }

    void secretHash(String hash) {
        secretHash = hash;
    }

    String secretHash() {
        return secretHash;
    }

    public String id() {
        return id;
    }

    public Set<GrantType> grantTypes() {
        if (grantTypes == null) {
            grantTypes = grantTypes(attributes());
        }
        return grantTypes;
    }

    public TokenSettings tokenSettings() {
        if (tokenSettings == null) {
            tokenSettings = TokenSettings.of(attributes());
        }
        return tokenSettings;
    }

    public JsonObject render() {
        return Resources.render(TYPE, id, versionId, lastUpdated, attributes());
    }

    private JsonObject attributes() {
        if (attributes == null) {
            attributes = Resources.parse(content);
        }
        return attributes;
    }

    private static Set<GrantType> grantTypes(JsonObject attributes) {
        Set<GrantType> types = EnumSet.noneOf(GrantType.class);
        for (String value : Fields.strings(attributes, "grant_types")) {
            types.add(GrantType.of(value).orElseThrow(() -> Fields.wrongType("grant_types",
                    "a list of password, refresh_token, client_credentials; not " + Jsonp.PROVIDER.createValue(value))));
        }
        return java.util.Collections.unmodifiableSet(types);
    }
}
