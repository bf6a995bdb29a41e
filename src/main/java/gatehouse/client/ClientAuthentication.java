package gatehouse.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.user.PasswordHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Authenticates stored clients. The secret's slow hash is verified once; after
 * that a per-process HMAC of the last verified secret answers in microseconds,
 * and it is forgotten as soon as the stored hash changes.
 */
@ApplicationScoped
public class ClientAuthentication {

    @Inject
    Clients clients;

    @Inject
    PasswordHasher hasher;

    @Inject
    CredentialThrottle throttle;

    @Inject
    RootClient root;

    private final byte[] memoKey = new byte[32];
    private final Map<String, Memo> verified = new ConcurrentHashMap<>();

    private record Memo(String secretHash, byte[] mac) {
    }

    ClientAuthentication() {
        new SecureRandom().nextBytes(memoKey);
    }

    /**
     * The client, when the credentials authenticate it: the secret must match,
     * and may be absent only for a client with {@code secret_required: false}.
     */
    public Optional<Client> authenticate(ClientCredentials credentials) {
        return authenticate(credentials, null);
    }

    /** As {@link #authenticate(ClientCredentials)}, for a grant whose own options say whether the secret is required. */
    public Optional<Client> authenticate(ClientCredentials credentials, String grantType) {
        Optional<Client> found = clients.find(credentials.clientId());
        if (found.isEmpty()) {
            if (credentials.secret() != null) {
                hasher.verifyNothing(credentials.secret()); // an unknown id costs what a wrong secret costs
            }
            return Optional.empty();
        }
        Client client = found.get();
        if (credentials.secret() == null) {
            return client.secretRequired(grantType) ? Optional.empty() : Optional.of(client);
        }
        return secretMatches(client, credentials.secret()) ? Optional.of(client) : Optional.empty();
    }

    /** Who may introspect: the root client, which sees every token, or a client that authenticated with a secret. */
    public record Introspector(Client client, boolean root) {

        /** Whether a token issued through {@code clientId} may be reported active to this caller (RFC 7662 §2.1). */
        public boolean mayInspect(String clientId) {
            return root || client.introspectsAny() || client.id().equals(clientId);
        }
    }

    /**
     * The caller of the introspection endpoint (RFC 7662 §2.1): the root client, or a
     * stored client that authenticated with its secret; a public client may not.
     * Throttled and counted like every client authentication, root's included.
     */
    public Introspector requireIntrospector(Optional<ClientCredentials> credentials, String source) {
        Optional<ClientCredentials> withSecret = credentials.filter(presented -> presented.secret() != null
                && !presented.secret().isEmpty());
        return throttle.counted(source, clientId(withSecret), () -> withSecret
                .filter(presented -> root.matches(presented.clientId(), presented.secret()))
                .map(presented -> new Introspector(null, true))
                .orElseGet(() -> new Introspector(authenticated(withSecret), false)));
    }

    /**
     * The authenticated client, or {@code invalid_client} (RFC 6749 §5.2), counted
     * against the source address; 429 first when that address failed too often.
     */
    public Client require(Optional<ClientCredentials> credentials, String source) {
        return require(credentials, source, client -> client);
    }

    /**
     * The authenticated client handed to {@code then}, which checks a credential of its
     * own (the token endpoint's grant: a password, a refresh token): both are one check,
     * counted once, and the count goes back only when {@code then} returned (tokens issued).
     */
    public <T> T require(Optional<ClientCredentials> credentials, String source, Function<Client, T> then) {
        return require(credentials, null, source, then);
    }

    /** As above, for the token endpoint's grant {@code grantType}, whose options say whether the secret is required. */
    public <T> T require(Optional<ClientCredentials> credentials, String grantType, String source, Function<Client, T> then) {
        return throttle.counted(source, clientId(credentials), () -> then.apply(authenticated(credentials, grantType)));
    }

    private Client authenticated(Optional<ClientCredentials> credentials) {
        return authenticated(credentials, null);
    }

    private Client authenticated(Optional<ClientCredentials> credentials, String grantType) {
        return credentials.flatMap(presented -> authenticate(presented, grantType))
                .orElseThrow(() -> new OAuthException(OAuthError.INVALID_CLIENT, "Client authentication failed"));
    }

    private static String clientId(Optional<ClientCredentials> credentials) {
        return credentials.map(ClientCredentials::clientId).orElse(null);
    }

    private boolean secretMatches(Client client, String secret) {
        String hash = client.secretHash();
        if (hash == null) {
            return false;
        }
        byte[] mac = mac(client.id(), secret);
        Memo memo = verified.get(client.id());
        if (memo != null && memo.secretHash().equals(hash) && MessageDigest.isEqual(memo.mac(), mac)) {
            return true;
        }
        if (!hasher.verify(secret, hash)) {
            return false;
        }
        verified.put(client.id(), new Memo(hash, mac));
        return true;
    }

    private byte[] mac(String clientId, String secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(memoKey, "HmacSHA256"));
            hmac.update(clientId.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
