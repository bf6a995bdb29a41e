package gatehouse.token;

import java.util.List;
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
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The signing keys' whole lifecycle: kept in the database so that restarts and
 * every instance on the same database sign and verify with the same keys; the
 * first generated under a row lock, so instances starting together agree on it;
 * rotation; and, in memory, the key set (the key to sign with and the JWKS),
 * re-read when the change counter moves (another instance's rotation is seen
 * within 250 ms, this instance's at once).
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    static final String COUNTER = SigningKeyStore.COUNTER;

    @Inject
    ChangeCounters counters;

    @Inject
    SigningKeyStore store;

    /** The newest key signs; every live key is published. Replaced whole. */
    record KeySet(PublicJsonWebKey signing, JsonObject jwks) {
    }

    private Snapshot<KeySet> keys;

    @PostConstruct
    void watchChanges() {
        keys = new Snapshot<>(counters, COUNTER, this::load);
    }

    /** The key set as of at most 250 ms ago. */
    KeySet current() {
        return keys.get();
    }

    /** The live keys, newest first; on an empty database, the first key. */
    private KeySet load() {
        List<SigningKey> live = store.live();
        if (live.isEmpty()) {
            live = store.firstKey();
            keys.markStale(); // filed under the counter before the first key: read it again at once
        }
        return keySet(live);
    }

    /** The public keys that may have signed live tokens (RFC 7517), built once per key set. */
    public JsonObject jwks() {
        return current().jwks();
    }

    /**
     * Starts signing with a new key: here at once, on every other instance within
     * 250 ms; earlier keys stay published so their tokens keep verifying. The new
     * key commits before this instance looks again. Returns its kid.
     */
    public String rotate() {
        String kid = store.addKey();
        keys.markStale();
        LOG.info(() -> "Rotated the signing key; now signing with " + kid);
        return kid;
    }

    private static KeySet keySet(List<SigningKey> live) {
        try {
            JsonArrayBuilder published = Jsonp.PROVIDER.createArrayBuilder();
            live.forEach(key -> published.add(Resources.parse(key.publicJwk())));
            PublicJsonWebKey signing = PublicJsonWebKey.Factory.newPublicJwk(live.get(0).privateJwk());
            return new KeySet(signing, Jsonp.PROVIDER.createObjectBuilder().add("keys", published).build());
        } catch (JoseException e) {
            throw new IllegalStateException("Unreadable signing key in the database", e);
        }
    }
}
