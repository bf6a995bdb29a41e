package gatehouse.console;

import java.util.logging.Logger;

import gatehouse.client.Clients;
import gatehouse.config.Jsonp;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the console's client at start-up when it does not exist: a public client
 * (the page cannot keep a secret) of the password grant, with opaque access tokens that
 * live five minutes and rotating refresh tokens for a working day. An existing client
 * is left as it is, so operators may tune it; {@code gatehouse.console.enabled=false}
 * creates nothing. Two instances starting together: the loser of the insert gets a
 * conflict and finds the winner's client.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the store opens its own transaction
public class ConsoleClient {

    public static final String ID = "gatehouse-console";

    private static final Logger LOG = Logger.getLogger(ConsoleClient.class.getName());

    @Inject
    Clients clients;

    @Inject
    @ConfigProperty(name = "gatehouse.console.enabled")
    boolean enabled;

    @PostConstruct
    void ensureExists() {
        if (!enabled || clients.find(ID).isPresent()) {
            return;
        }
        try {
            clients.create("Client", ID, attributes());
            LOG.info(() -> "Created the console's client " + ID);
        } catch (RuntimeException e) {
            if (clients.find(ID).isEmpty()) {
                throw e;
            }
            // Another instance created it at the same moment.
        }
    }

    static JsonObject attributes() {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("grant_types", Jsonp.PROVIDER.createArrayBuilder().add("password"))
                .add("auth", Jsonp.PROVIDER.createObjectBuilder()
                        .add("password", Jsonp.PROVIDER.createObjectBuilder()
                                .add("token_format", "opaque")
                                .add("access_token_expiration", 300)
                                .add("refresh_token", true)
                                .add("refresh_token_expiration", 8 * 3600)
                                .add("secret_required", false)))
                .build();
    }
}
