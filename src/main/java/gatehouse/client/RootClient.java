package gatehouse.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The root client of configuration: it may do everything, whatever the access policies. Without a
 * configured secret there is no root client at all; with one shorter than 16
 * characters the application refuses to start. The secret is compared in constant
 * time; failures are throttled per source address like every other credential.
 */
@ApplicationScoped
public class RootClient {

    private static final Logger LOG = Logger.getLogger(RootClient.class.getName());

    static final int MIN_SECRET_LENGTH = 16;

    @Inject
    @ConfigProperty(name = "gatehouse.root.client.id")
    String id;

    @Inject
    @ConfigProperty(name = "gatehouse.root.client.secret")
    Optional<String> secret;

    private byte[] secretDigest;

    @PostConstruct
    void digest() {
        secretDigest = secret.filter(s -> !s.isEmpty()).map(RootClient::sha256).orElse(null);
    }

    void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (secretDigest != null && secret.get().length() < MIN_SECRET_LENGTH) {
            // Fails the deployment: a root client that can be guessed must never be enabled.
            throw new IllegalStateException("GATEHOUSE_ROOT_CLIENT_SECRET is shorter than " + MIN_SECRET_LENGTH
                    + " characters; set a longer one (or none, for no root client)");
        }
        if (secretDigest == null) {
            LOG.warning("No root client: GATEHOUSE_ROOT_CLIENT_SECRET is not set");
        } else {
            LOG.fine(() -> "Root client '" + id + "' is configured");
        }
    }

    /** Whether there is a root client (its secret is set); the start-up line says so. */
    public boolean configured() {
        return secretDigest != null;
    }

    /** Constant-time in the secret. */
    public boolean matches(String clientId, String clientSecret) {
        if (secretDigest == null || clientSecret == null) {
            return false;
        }
        boolean secretMatches = MessageDigest.isEqual(secretDigest, sha256(clientSecret));
        return secretMatches & id.equals(clientId);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
