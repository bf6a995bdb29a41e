package gatehouse.token;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import gatehouse.client.Client;
import gatehouse.client.TokenSettings;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.session.Rotation;
import gatehouse.session.Session;
import gatehouse.session.Sessions;
import gatehouse.session.TokenHash;
import gatehouse.store.ChangeCounters;
import gatehouse.store.ChangeWatch;
import gatehouse.store.Jsonp;
import gatehouse.store.Resources;
import gatehouse.user.User;
import gatehouse.user.Users;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.lang.JoseException;

/**
 * Issues access and refresh tokens and verifies access-token signatures. JWTs
 * are RS256 JWS with {@code kid} (RFC 7515/7519) carrying the claims MicroProfile
 * JWT expects; opaque tokens are 256 random bits. Every token is backed by a
 * Session; only token hashes are stored.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // stateless apart from the immutable key set
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PASSWORD_SESSION = "password";

    @Inject
    SigningKeys signingKeys;

    @Inject
    Sessions sessions;

    @Inject
    Users users;

    @Inject
    ChangeCounters counters;

    @Inject
    @ConfigProperty(name = "gatehouse.issuer")
    String issuer;

    private ChangeWatch watch;
    private volatile KeySet keys;

    /** The current signing key, a consumer that accepts every live key and their JWKS; replaced whole. */
    private record KeySet(PublicJsonWebKey signing, JwtConsumer consumer, JsonObject jwks, long version) {
    }

    @PostConstruct
    void loadKeys() {
        watch = new ChangeWatch(counters, SigningKeys.COUNTER);
        keys = keySet(signingKeys.liveOrFirst(), watch.version());
        LOG.info(() -> "Signing with key " + keys.signing().getKeyId());
    }

    /** The key set, re-read when another instance changed it (seen within 250 ms). */
    private KeySet keys() {
        long version = watch.version();
        KeySet current = keys;
        if (current.version() == version) {
            return current;
        }
        synchronized (this) {
            if (keys.version() != version) {
                keys = keySet(signingKeys.live(), version);
            }
            return keys;
        }
    }

    private KeySet keySet(List<SigningKey> live, long version) {
        try {
            List<PublicJsonWebKey> verification = new ArrayList<>();
            JsonArrayBuilder published = Jsonp.PROVIDER.createArrayBuilder();
            for (SigningKey key : live) {
                verification.add(PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk()));
                published.add(Resources.parse(key.publicJwk()));
            }
            PublicJsonWebKey signing = PublicJsonWebKey.Factory.newPublicJwk(live.get(0).privateJwk());
            return new KeySet(signing, Jwts.consumer(issuer, verification),
                    Jsonp.PROVIDER.createObjectBuilder().add("keys", published).build(), version);
        } catch (JoseException e) {
            throw new IllegalStateException("Unreadable signing key in the database", e);
        }
    }

    /** A new Session for the user, with its first tokens. */
    public IssuedTokens issue(Client client, User user) {
        TokenSettings settings = client.tokenSettings();
        long now = System.currentTimeMillis();
        Session session = new Session(UUID.randomUUID().toString(), PASSWORD_SESSION, user.id(), client.id(), now);
        long accessExp = now + settings.accessTokenSeconds() * 1000;
        String access = accessToken(settings, session.id(), client, user, now, accessExp);
        String refresh = settings.refreshToken() ? randomToken() : null;
        Long refreshExp = settings.refreshTokenSeconds().map(seconds -> now + seconds * 1000).orElse(null);
        session.tokens(TokenHash.of(access), accessExp, refresh == null ? null : TokenHash.of(refresh), refreshExp);
        sessions.open(session);
        return new IssuedTokens(access, settings.accessTokenSeconds(), refresh, user);
    }

    /**
     * Exchanges a refresh token for new tokens of the same Session (rotation).
     * Runs outside any transaction: closing a Session on replay must commit even
     * though the caller is then told {@code invalid_grant}.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public IssuedTokens refresh(Client client, String refreshToken) {
        long now = System.currentTimeMillis();
        String presented = TokenHash.of(refreshToken);
        TokenSettings settings = client.tokenSettings();
        Optional<Session> session = sessions.findByRefreshHash(presented);
        Optional<User> user = session.flatMap(s -> users.find(s.userId())).filter(u -> !u.inactive());
        if (session.isPresent() && user.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "Invalid, expired or revoked refresh token");
        }
        long accessExp = now + settings.accessTokenSeconds() * 1000;
        String access = session.isPresent()
                ? accessToken(settings, session.get().id(), client, user.get(), now, accessExp)
                : randomToken(); // never handed out: the store answers INVALID or REUSED
        String refresh = randomToken();
        // Always ask the store, even for an unknown hash: it recognises replays.
        Rotation rotation = sessions.rotate(session, presented, client.id(), TokenHash.of(access), accessExp,
                TokenHash.of(refresh), now);
        if (rotation != Rotation.ROTATED) {
            throw new OAuthException(OAuthError.INVALID_GRANT, rotation == Rotation.REUSED
                    ? "Refresh token already used; its Session is closed"
                    : "Invalid, expired or revoked refresh token");
        }
        return new IssuedTokens(access, settings.accessTokenSeconds(), refresh, user.get());
    }

    private String accessToken(TokenSettings settings, String sessionId, Client client, User user, long now, long exp) {
        return settings.format() == TokenSettings.TokenFormat.JWT
                ? jwt(settings, sessionId, client, user, now, exp)
                : randomToken();
    }

    private String jwt(TokenSettings settings, String sessionId, Client client, User user, long now, long exp) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(user.id());
        claims.setAudience(settings.audience().orElse(issuer));
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromMilliseconds(now));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromMilliseconds(exp));
        claims.setJwtId(sessionId);
        // jti names the Session, shared by every token of it; uti (as Azure AD names it)
        // tells this token from the one it replaced, even within the same second.
        claims.setClaim("uti", randomToken().substring(0, 16));
        claims.setClaim("client_id", client.id());
        claims.setClaim("upn", user.callerName());
        claims.setStringListClaim("groups", user.roles());
        return Jwts.sign(claims, keys().signing());
    }

    /**
     * The Session id ({@code jti}) of a JWT whose signature, algorithm, issuer and
     * expiry check out; empty for anything else. The Session decides the rest.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<String> verifiedSessionId(String jwt) {
        try {
            return Optional.ofNullable(keys().consumer().processToClaims(jwt).getJwtId());
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts signing with a new key: here at once, on every other instance within
     * 250 ms; returns its kid. The new key commits before this instance looks again.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String rotateKeys() {
        String kid = signingKeys.rotate().kid();
        watch.markStale();
        LOG.info(() -> "Rotated the signing key; now signing with " + kid);
        return kid;
    }

    /** The public keys that may have signed live tokens (RFC 7517), built once per key set. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public JsonObject jwks() {
        return keys().jwks();
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
