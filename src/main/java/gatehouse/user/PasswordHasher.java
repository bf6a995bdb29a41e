package gatehouse.user;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Jakarta Security's {@link Pbkdf2PasswordHash}, initialised once from
 * configuration. Its output ({@code algorithm:iterations:salt:hash}) carries its
 * own parameters, so hashes made with older settings still verify.
 */
@ApplicationScoped
public class PasswordHasher {

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @Inject
    HashGate gate;

    @Inject
    @ConfigProperty(name = "gatehouse.password.hash.algorithm")
    String algorithm;

    @Inject
    @ConfigProperty(name = "gatehouse.password.hash.iterations")
    int iterations;

    @Inject
    @ConfigProperty(name = "gatehouse.password.hash.salt.bytes")
    int saltBytes;

    @Inject
    @ConfigProperty(name = "gatehouse.password.hash.key.bytes")
    int keyBytes;

    /** Verified against for unknown users, so they cost what a wrong password costs. */
    private String dummyHash;

    @PostConstruct
    void initialize() {
        try {
            pbkdf2.initialize(Map.of(
                    "Pbkdf2PasswordHash.Algorithm", algorithm,
                    "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                    "Pbkdf2PasswordHash.SaltSizeBytes", Integer.toString(saltBytes),
                    "Pbkdf2PasswordHash.KeySizeBytes", Integer.toString(keyBytes)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.password.hash.* (GATEHOUSE_PASSWORD_HASH_*) refused by Jakarta Security's"
                    + " Pbkdf2PasswordHash: " + e.getMessage() + " (it takes at least 1024 iterations and 16-byte salts and keys)", e);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // Through the gate, so it knows what a hash costs before the first request comes.
        dummyHash = gate.pass(() -> pbkdf2.generate(Base64.getEncoder().encodeToString(random).toCharArray()));
    }

    /** Settings Jakarta Security refuses fail the deployment, not every later request with a 500. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: the bean, and so initialize(), is created before the application serves.
    }

    /** A new hash, through the gate; a 503 Problem when the gate is full. */
    public String hash(String password) {
        return gate.pass(() -> pbkdf2.generate(password.toCharArray()));
    }

    /** Whether the password matches the hash (null: no password, which never matches), through the gate. */
    public boolean verify(String password, String hash) {
        return gate.pass(() -> {
            if (hash == null) {
                pbkdf2.verify(password.toCharArray(), dummyHash);
                return false;
            }
            try {
                return pbkdf2.verify(password.toCharArray(), hash);
            } catch (IllegalArgumentException unreadableHash) {
                return false;
            }
        });
    }

    /** Burns the time of one verification, through the gate; for callers that already know the answer is no. */
    public void verifyNothing(String password) {
        verify(password, null);
    }

    /** Whether a hash was made with other settings than the current ones. */
    public boolean outdated(String hash) {
        return outdated(hash, algorithm, iterations, saltBytes);
    }

    /** Pbkdf2PasswordHash's format is {@code algorithm:iterations:base64(salt):base64(hash)}. */
    static boolean outdated(String hash, String algorithm, int iterations, int saltBytes) {
        if (hash == null) {
            return false;
        }
        String[] parts = hash.split(":");
        if (parts.length != 4 || !parts[0].equals(algorithm) || !parts[1].equals(Integer.toString(iterations))) {
            return true;
        }
        try {
            return Base64.getDecoder().decode(parts[2]).length < saltBytes;
        } catch (IllegalArgumentException unreadable) {
            return true;
        }
    }
}
