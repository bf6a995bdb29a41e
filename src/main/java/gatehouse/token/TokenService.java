package gatehouse.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

import gatehouse.client.Client;
import gatehouse.client.TokenSettings;
import gatehouse.config.Issuer;
import gatehouse.session.Session;
import gatehouse.session.Sessions;
import gatehouse.session.TokenHash;
import gatehouse.user.User;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Mints the tokens of a Session, and nothing else: JWTs are JWS signed with the
 * current key ({@code kid}, RFC 7515/7519; RS256 or ES256, server-wide) carrying the claims MicroProfile JWT
 * expects; opaque tokens are 256 random bits; refresh tokens are opaque. Only
 * their hashes are stored, by the Session. The grants decide when to mint.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // stateless apart from the key set, which SigningKeys swaps whole
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the stores open their own transactions
public class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SigningKeys signingKeys;

    @Inject
    Sessions sessions;

    @Inject
    Clock clock;

    @Inject
    Issuer issuer;

    /** What was minted: the values for the response, the hashes for the Session. */
    public record Minted(String accessToken, long accessExp, String refreshToken, long expiresIn) {

        public String accessHash() {
            return TokenHash.of(accessToken);
        }

        public String refreshHash() {
            return refreshToken == null ? null : TokenHash.of(refreshToken);
        }

        @Override
        public String toString() {
            return "Minted[exp=" + accessExp + "]"; // never the tokens
        }
    }

    @PostConstruct
    void loadKeys() {
        signingKeys.prepare(); // at start-up, not on the first token request
    }

    /** Opens a new Session of this type for the user (or, without one, for the client) with its first tokens. */
    public IssuedTokens open(Client client, TokenSettings settings, String sessionType, User user) {
        return open(client, settings, new Session(UUID.randomUUID().toString(), sessionType, user == null ? null : user.id(),
                client.id(), clock.millis()), user);
    }

    /** Opens this new Session (made by the caller: a sign-in's names its browser session and scopes) with its first tokens. */
    public IssuedTokens open(Client client, TokenSettings settings, Session session, User user) {
        long now = session.createdAt();
        Minted minted = mint(client, settings, session.id(), user, session.scope(), now);
        Long refreshExp = settings.refreshTokenSeconds().map(seconds -> now + seconds * 1000).orElse(null);
        session.tokens(minted.accessHash(), minted.accessExp(), minted.refreshHash(), refreshExp);
        sessions.open(session);
        return new IssuedTokens(minted.accessToken(), minted.expiresIn(), minted.refreshToken(), user, session.id(), null,
                session.scope());
    }

    /**
     * New tokens for a Session: an access token, and a refresh token when the settings ask for them.
     *
     * @param scope the scopes granted, space-separated, or null
     */
    public Minted mint(Client client, TokenSettings settings, String sessionId, User user, String scope, long now) {
        long accessExp = now + settings.accessTokenSeconds() * 1000;
        String access = settings.format() == TokenSettings.TokenFormat.JWT
                ? jwt(settings, sessionId, client, user, scope, now, accessExp)
                : randomToken();
        return new Minted(access, accessExp, settings.refreshToken() ? randomToken() : null, settings.accessTokenSeconds());
    }

    /**
     * An OpenID Connect ID token (Core §2) for tokens just issued through a sign-in: signed like JWT
     * access tokens, for the client ({@code aud}, {@code azp}), naming the browser session
     * ({@code sid}) and binding the access token ({@code at_hash}, §3.1.3.6).
     */
    public String idToken(Client client, User user, Session session, long authTime, String nonce, String accessToken) {
        long now = session.createdAt();
        long exp = now + client.authorizationCodeSettings().accessTokenSeconds() * 1000;
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer.url());
        UserClaims.of(user, UserClaims.scopes(session.scope())).forEach(claims::setClaim);
        claims.setAudience(client.id());
        claims.setClaim("azp", client.id());
        claims.setIssuedAt(NumericDate.fromMilliseconds(now));
        claims.setExpirationTime(NumericDate.fromMilliseconds(exp));
        claims.setClaim("auth_time", authTime / 1000);
        if (nonce != null) {
            claims.setClaim("nonce", nonce);
        }
        claims.setClaim("sid", session.ssoId());
        claims.setClaim("at_hash", leftHalfHash(accessToken));
        return Jwts.sign(claims, signingKeys.signerFor(exp));
    }

    /** base64url of the left half of the token's SHA-256 (RS256 and ES256 both hash with SHA-256). */
    static String leftHalfHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String jwt(TokenSettings settings, String sessionId, Client client, User user, String scope, long now, long exp) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer.url());
        claims.setSubject(user != null ? user.id() : client.id());
        claims.setAudience(settings.audience().orElse(issuer.url()));
        claims.setIssuedAt(NumericDate.fromMilliseconds(now));
        claims.setExpirationTime(NumericDate.fromMilliseconds(exp));
        claims.setJwtId(sessionId);
        // jti names the Session, shared by every token of it; uti (as Azure AD names it)
        // tells this token from the one it replaced, even within the same second.
        claims.setClaim("uti", randomToken().substring(0, 16));
        claims.setClaim("client_id", client.id());
        if (user != null) {
            claims.setClaim("upn", user.callerName());
            claims.setStringListClaim("groups", user.roles());
            // The same values under the name WildFly's OpenID Connect client reads roles from.
            claims.setStringListClaim("roles", user.roles());
        }
        if (scope != null) {
            claims.setClaim("scope", scope);
        }
        return Jwts.sign(claims, signingKeys.signerFor(exp));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
