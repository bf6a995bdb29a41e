package gatehouse.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

import gatehouse.client.Client;
import gatehouse.client.GrantType;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.session.Session;
import gatehouse.session.Sessions;
import gatehouse.user.User;
import gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The authorization code grant (RFC 6749 §4.1.3) with PKCE (RFC 7636): the code must be
 * this client's, unexpired, used once, presented with the redirect URI it was issued for
 * and with the verifier of its S256 challenge. A second use closes the Session the first
 * opened (§4.1.2). The tokens get a Session of their own, naming the browser session;
 * with scope {@code openid} an ID token comes with them. Every refusal is the same
 * {@code invalid_grant}, so a guesser learns nothing of which part was wrong.
 */
@ApplicationScoped
public class AuthorizationCodeGrant implements Grant {

    public static final String SESSION_TYPE = "authorization_code";
    static final String INVALID = "Invalid, expired or used authorization code, or wrong redirect_uri or code_verifier";

    @Inject
    AuthorizationCodes codes;

    @Inject
    TokenService tokens;

    @Inject
    Sessions sessions;

    @Inject
    Users users;

    @Inject
    Clock clock;

    @Override
    public String grantType() {
        return GrantType.AUTHORIZATION_CODE.value();
    }

    @Override
    public IssuedTokens exchange(Client client, TokenRequest request) {
        if (!client.grantTypes().contains(GrantType.AUTHORIZATION_CODE)) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "The client may not use the authorization code grant");
        }
        String code = request.required("code");
        String redirectUri = request.required("redirect_uri");
        String verifier = request.optional("code_verifier").orElse(null);
        long now = clock.millis();
        AuthorizationCode issued = code.length() > 128 ? null : codes.find(code).orElse(null);
        if (issued == null || !issued.clientId().equals(client.id())) {
            throw invalid();
        }
        String sessionId = UUID.randomUUID().toString();
        if (!codes.redeem(code, sessionId, now)) {
            if (issued.sessionId() != null) {
                sessions.closeNow(issued.sessionId(), now, Sessions.CODE_REPLAYED);
            }
            throw GrantRefused.codeReplayed(INVALID);
        }
        if (now >= issued.expiresAt() || !issued.redirectUri().equals(redirectUri) || !pkceHolds(issued.codeChallenge(), verifier)) {
            throw invalid();
        }
        User user = users.find(issued.userId()).filter(found -> !found.inactive()).orElseThrow(AuthorizationCodeGrant::invalid);
        Session session = new Session(sessionId, SESSION_TYPE, user.id(), client.id(), now, issued.ssoId(), issued.scope());
        IssuedTokens opened = tokens.open(client, client.authorizationCodeSettings(), session, user);
        if (codes.replayed(code)) {
            // The code was used again while this use opened its Session: the replay wins.
            sessions.closeNow(sessionId, now, Sessions.CODE_REPLAYED);
            throw GrantRefused.codeReplayed(INVALID);
        }
        if (UserClaims.scopes(issued.scope()).contains(UserClaims.OPENID)) {
            return opened.withIdToken(tokens.idToken(client, user, session, issued.authTime(), issued.nonce(), opened.accessToken()));
        }
        return opened;
    }

    /**
     * RFC 7636 §4.6 with S256 only: a code issued with a challenge needs its verifier; one
     * issued without needs none, and a verifier sent for it anyway is refused (RFC 9700 §4.8.2:
     * a downgrade from a PKCE request).
     */
    static boolean pkceHolds(String challenge, String verifier) {
        if (challenge == null) {
            return verifier == null;
        }
        if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
            return false;
        }
        return MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OAuthException invalid() {
        return new OAuthException(OAuthError.INVALID_GRANT, INVALID);
    }
}
