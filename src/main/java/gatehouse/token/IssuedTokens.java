package gatehouse.token;

import gatehouse.user.User;

/**
 * What a grant hands out: the token values exist only here and in the response.
 * {@code user} is null for a client's own tokens (client credentials); {@code sessionId}
 * is the Session they belong to.
 */
public record IssuedTokens(String accessToken, long expiresIn, String refreshToken, User user, String sessionId) {

    @Override
    public String toString() {
        return "IssuedTokens[user=" + (user == null ? null : user.id()) + "]"; // never the tokens
    }
}
