package gatehouse.token;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import gatehouse.config.Jsonp;
import gatehouse.store.ChangeCounters;
import gatehouse.store.Resources;
import gatehouse.store.Snapshot;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The signing keys' whole lifecycle. The newest key signs; every key is
 * published in the JWKS until no token it signed can still be valid, then
 * deleted; a new key comes on {@code POST /auth/keys/rotate} and every
 * {@code gatehouse.key.rotation.days} (default 90). Held in memory as one key set,
 * re-read when the change counter moves: another instance's change is seen within
 * 250 ms, this instance's at once. Private keys are encrypted at rest
 * ({@link KeyEncryption}); the rows are {@link SigningKeyStore}'s.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    /** Recorded beyond the expiry being signed, so that the record is raised about once an hour, not per token. */
    static final long COVER_HEADROOM_MILLIS = 3_600_000;
    /** How long after its last token's expiry a key stays published: other applications' clock skew. */
    static final long RETIRE_SKEW_MILLIS = 300_000;

    @Inject
    ChangeCounters counters;

    @Inject
    SigningKeyStore store;

    @Inject
    KeyEncryption encryption;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "gatehouse.key.rotation.days")
    long rotationDays;

    /** Server-wide: new keys are made for it; at start, a newest key of another algorithm is rotated out. */
    @Inject
    @ConfigProperty(name = "gatehouse.jwt.algorithm")
    String algorithmName;

    private SigningAlgorithm algorithm;

    /**
     * The signer of the newest key (decrypted and parsed once per key set, not per
     * token), how far its record covers, and the JWKS. Replaced whole.
     */
    record KeySet(JwsSigner signing, AtomicLong coveredUntil, JsonObject jwks, long createdAt) {
    }

    private Snapshot<KeySet> keys;

    /** When the last scheduled check began, by the server's clock (epoch milliseconds; 0 before the first). */
    private final AtomicLong lastCheck = new AtomicLong();

    @PostConstruct
    void watchChanges() {
        algorithm = SigningAlgorithm.named(algorithmName);
        keys = new Snapshot<>(counters, SigningKeyStore.COUNTER, () -> keySet(store.all()));
    }

    /** Makes the first key, or encrypts keys stored before encryption; at start-up, before the first token. */
    void prepare() {
        keySet(store.prepared(algorithm));
        keys.markStale();
        LOG.fine(() -> "Signing with key " + keys.get().signing().kid() + " (" + algorithm + ")");
    }

    /** The kid of the key tokens are signed with now. */
    /** The JWS name of the server-wide algorithm ({@code RS256} or {@code ES256}). */
    public String algorithm() {
        return algorithm.jwsName();
    }

    public String currentKeyId() {
        return current().signing().kid();
    }

    /** When the key tokens are signed with now was made (epoch milliseconds). */
    public long currentKeyCreated() {
        return current().createdAt();
    }

    /**
     * When the last scheduled check for rotation and retirement began, by the server's
     * clock (epoch milliseconds, 0 before the first): it judged every key as of then or later.
     * A check that failed does not count.
     */
    public long lastScheduledCheck() {
        return lastCheck.get();
    }

    /** The key set as of at most 250 ms ago. */
    KeySet current() {
        return keys.get();
    }

    /** The signer for a token expiring at {@code exp}; its key's record is raised first if it does not cover that. */
    JwsSigner signerFor(long exp) {
        KeySet set = current();
        if (exp > set.coveredUntil().get()) {
            synchronized (set) {
                if (exp > set.coveredUntil().get()) {
                    long until = exp + COVER_HEADROOM_MILLIS;
                    if (!store.cover(set.signing().kid(), until)) {
                        keys.markStale(); // retired elsewhere after a rotation this instance has not seen yet
                        return signerFor(exp);
                    }
                    set.coveredUntil().set(until);
                }
            }
        }
        return set.signing();
    }

    /** The public keys that may have signed live tokens (RFC 7517), built once per key set. */
    public JsonObject jwks() {
        return current().jwks();
    }

    /**
     * Starts signing with a new key: here at once, on every other instance within
     * 250 ms; earlier keys stay published so their tokens keep verifying. Returns its kid.
     */
    public String rotate() {
        String kid = store.addKey(algorithm);
        keys.markStale();
        LOG.info(() -> "Rotated the signing key; now signing with " + kid);
        return kid;
    }

    /** The scheduled rotation and retirement ({@link KeySchedule}). */
    void scheduled() {
        long began = clock.millis();
        if (store.rotateAndRetire(algorithm, rotationDays * 86_400_000L, RETIRE_SKEW_MILLIS)) {
            keys.markStale();
            LOG.info(() -> "Signing keys rotated or retired on schedule; now signing with " + keys.get().signing().kid()
                    + ", " + keys.get().jwks().getJsonArray("keys").size() + " published");
        }
        lastCheck.set(began); // only a check that completed counts
    }

    private KeySet keySet(List<SigningKey> all) {
        try {
            JsonArrayBuilder published = Jsonp.PROVIDER.createArrayBuilder();
            all.forEach(key -> published.add(Resources.parse(key.publicJwk())));
            SigningKey newest = all.get(0);
            PublicJsonWebKey newestJwk = PublicJsonWebKey.Factory.newPublicJwk(
                    encryption.decrypt(newest.storedPrivateJwk(), newest.kid()));
            JwsSigner signing = JwsSigner.of(newestJwk, SigningAlgorithm.ofJwsName(newest.algorithm()));
            return new KeySet(signing, new AtomicLong(newest.maxExp()),
                    Jsonp.PROVIDER.createObjectBuilder().add("keys", published).build(), newest.createdAt());
        } catch (JoseException e) {
            throw new IllegalStateException("Unreadable signing key in the database", e);
        }
    }
}
