package gatehouse.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import gatehouse.client.Client;
import gatehouse.client.Clients;
import gatehouse.config.Jsonp;
import gatehouse.error.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's client, made at start-up when it does not exist: a public client (the
 * page cannot keep a secret) of the authorization code grant with PKCE, first-party (no
 * consent page; signing out of Gatehouse signs out of it), redirected back to
 * {@code /console/} on this server (a path, so the issuer when configured, else the address
 * the browser used: the console works at whatever address it is opened), with opaque
 * access tokens that live five minutes and rotating refresh tokens for a working day. An
 * existing client is left as the operator tuned it, except that a client of an earlier
 * release, which has no {@code auth.authorization_code}, gets what it lacks once (its other
 * settings kept). {@code gatehouse.console.enabled=false} creates nothing. Two instances
 * starting together: the loser of the insert gets a conflict and finds the winner's client.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the store opens its own transaction
public class ConsoleClient {

    public static final String ID = "gatehouse-console";

    static final String AUTHORIZATION_CODE = "authorization_code";

    /** Where the sign-in and the sign-out come back to: the console, on this server. */
    static final String CONSOLE_PATH = "/console/";

    private static final Logger LOG = Logger.getLogger(ConsoleClient.class.getName());

    @Inject
    Clients clients;

    @Inject
    @ConfigProperty(name = "gatehouse.console.enabled")
    boolean enabled;

    @PostConstruct
    void ensureExists() {
        if (!enabled) {
            return;
        }
        Optional<Client> existing = clients.find(ID);
        if (existing.isPresent()) {
            upgrade(existing.get().render()).ifPresent(this::save);
            return;
        }
        try {
            clients.create(Client.TYPE, ID, attributes());
            LOG.info(() -> "Created the console's client " + ID);
        } catch (RuntimeException e) {
            if (clients.find(ID).isEmpty()) {
                throw e;
            }
            // Another instance created it at the same moment.
        }
    }

    private void save(JsonObject attributes) {
        try {
            clients.put(Client.TYPE, ID, attributes);
            LOG.info(() -> "Gave the console's client " + ID + " what the sign-in needs (auth.authorization_code)");
        } catch (Problem e) {
            // Another instance changed it at the same moment: its write stands.
            LOG.fine(() -> "Left the console's client to a concurrent write: " + e.getMessage());
        }
    }

    /** The console's client as created. */
    static JsonObject attributes() {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("first_party", true)
                .add("grant_types", Jsonp.PROVIDER.createArrayBuilder().add(AUTHORIZATION_CODE).add("refresh_token"))
                .add("auth", Jsonp.PROVIDER.createObjectBuilder().add(AUTHORIZATION_CODE, authorizationCode()))
                .build();
    }

    private static JsonObjectBuilder authorizationCode() {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("redirect_uri", CONSOLE_PATH)
                .add("post_logout_redirect_uri", CONSOLE_PATH)
                .add("pkce", true)
                .add("token_format", "opaque")
                .add("access_token_expiration", 300)
                .add("refresh_token", true)
                .add("refresh_token_expiration", 8 * 3600);
    }

    /**
     * A client of an earlier release (the password grant, no {@code auth.authorization_code})
     * with what the console's sign-in needs added: the two grant types, {@code first_party}
     * unless set, and {@code auth.authorization_code}. Every other setting is kept. Empty
     * when the client has {@code auth.authorization_code} already: then it is the operator's.
     */
    static Optional<JsonObject> upgrade(JsonObject stored) {
        JsonObject auth = stored.containsKey("auth") && stored.get("auth").getValueType() == JsonValue.ValueType.OBJECT
                ? stored.getJsonObject("auth") : JsonValue.EMPTY_JSON_OBJECT;
        if (auth.containsKey(AUTHORIZATION_CODE)) {
            return Optional.empty();
        }
        JsonObjectBuilder upgraded = attributesOf(stored);
        List<String> grantTypes = new ArrayList<>(strings(stored.get("grant_types")));
        for (String needed : List.of(AUTHORIZATION_CODE, "refresh_token")) {
            if (!grantTypes.contains(needed) && !(needed.equals(AUTHORIZATION_CODE) && grantTypes.contains("code"))) {
                grantTypes.add(needed);
            }
        }
        JsonArrayBuilder types = Jsonp.PROVIDER.createArrayBuilder();
        grantTypes.forEach(types::add);
        upgraded.add("grant_types", types);
        if (!stored.containsKey("first_party")) {
            upgraded.add("first_party", true);
        }
        upgraded.add("auth", Jsonp.PROVIDER.createObjectBuilder(auth).add(AUTHORIZATION_CODE, authorizationCode()));
        return Optional.of(upgraded.build());
    }

    /** The stored resource as attributes for a write: without resourceType, id and meta. */
    private static JsonObjectBuilder attributesOf(JsonObject stored) {
        return Jsonp.PROVIDER.createObjectBuilder(stored).remove("resourceType").remove("id").remove("meta");
    }

    /** A string or a list of strings, as a list; anything else as none. */
    private static List<String> strings(JsonValue value) {
        if (value instanceof JsonString string) {
            return List.of(string.getString());
        }
        List<String> values = new ArrayList<>();
        if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(element -> {
                if (element instanceof JsonString string) {
                    values.add(string.getString());
                }
            });
        }
        return values;
    }
}
