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

    @Transient
    private TokenSettings clientCredentialsSettings;

    @Transient
    private TokenSettings authorizationCodeSettings;

    @Transient
    private SignInSettings signIn;

    protected Client() {
    }

    Client(String id) {
        this.id = id;
    }

    /** Checks and takes new attributes (without the secret). */
    void update(JsonObject withoutSecret, long now) {
        String introspection = Fields.string(withoutSecret, "introspection").orElse("own");
        if (!introspection.equals("own") && !introspection.equals("any")) {
            throw Fields.wrongType("introspection", "own or any");
        }
        grantTypes = grantTypes(withoutSecret);
        tokenSettings = TokenSettings.password(withoutSecret);
        clientCredentialsSettings = TokenSettings.clientCredentials(withoutSecret);
        authorizationCodeSettings = TokenSettings.authorizationCode(withoutSecret);
        signIn = SignInSettings.of(withoutSecret);
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

    /** {@code introspection: any}: a resource server, which may introspect every client's tokens (docs/api.md#client). */
    public boolean introspectsAny() {
        return "any".equals(Fields.string(attributes(), "introspection").orElse("own"));
    }

    /** The options of the password and refresh grants ({@code auth.password}). */
    public TokenSettings tokenSettings() {
        if (tokenSettings == null) {
            tokenSettings = TokenSettings.password(attributes());
        }
        return tokenSettings;
    }

    /** The options of the client credentials grant ({@code auth.client_credentials}). */
    public TokenSettings clientCredentialsSettings() {
        if (clientCredentialsSettings == null) {
            clientCredentialsSettings = TokenSettings.clientCredentials(attributes());
        }
        return clientCredentialsSettings;
    }

    /** The options of the authorization code grant's tokens ({@code auth.authorization_code}). */
    public TokenSettings authorizationCodeSettings() {
        if (authorizationCodeSettings == null) {
            authorizationCodeSettings = TokenSettings.authorizationCode(attributes());
        }
        return authorizationCodeSettings;
    }

    /** How users sign in to this client through the login page. */
    public SignInSettings signIn() {
        if (signIn == null) {
            signIn = SignInSettings.of(attributes());
        }
        return signIn;
    }

    /** PKCE is required of a client that asks for it, and always of a public one (RFC 9700 §2.1.1). */
    public boolean pkceRequired() {
        return signIn().pkce() || !confidential();
    }

    /**
     * Whether the client must authenticate for this grant: for the authorization code grant (and
     * the refreshes of a client that uses it) a public client has no secret to show and a
     * confidential one shows it unless {@code auth.authorization_code.secret_required} is false;
     * for the others {@code auth.password.secret_required} decides.
     */
    public boolean secretRequired(String grantType) {
        boolean signIn = GrantType.AUTHORIZATION_CODE.value().equals(grantType)
                || GrantType.REFRESH_TOKEN.value().equals(grantType) && grantTypes().contains(GrantType.AUTHORIZATION_CODE);
        if (signIn) {
            return confidential() && authorizationCodeSettings().secretRequired();
        }
        return tokenSettings().secretRequired();
    }

    /** A confidential client (RFC 6749 §2.1): one with a secret. */
    public boolean confidential() {
        return secretHash != null;
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
                    "a list of password, refresh_token, client_credentials, authorization_code; not " + Jsonp.PROVIDER.createValue(value))));
        }
        return java.util.Collections.unmodifiableSet(types);
    }
}
