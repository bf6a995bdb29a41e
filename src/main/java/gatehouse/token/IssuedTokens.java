package gatehouse.token;

import gatehouse.user.User;

/**
 * What a grant hands out: the token values exist only here and in the response.
 * {@code user} is null for a client's own tokens (client credentials); {@code sessionId}
 * is the Session they belong to; {@code idToken} and {@code scope} come with a sign-in's tokens.
 */
public record IssuedTokens(String accessToken, long expiresIn, String refreshToken, User user, String sessionId,
                           String idToken, String scope) {

    public IssuedTokens(String accessToken, long expiresIn, String refreshToken, User user, String sessionId) {
        this(accessToken, expiresIn, refreshToken, user, sessionId, null, null);
    }

    /** The same tokens with an OpenID Connect ID token. */
    IssuedTokens withIdToken(String value) {
        return new IssuedTokens(accessToken, expiresIn, refreshToken, user, sessionId, value, scope);
    }

    @Override
    public String toString() {
        return "IssuedTokens[user=" + (user == null ? null : user.id()) + "]"; // never the tokens
    }
}
