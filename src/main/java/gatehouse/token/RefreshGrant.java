package gatehouse.token;

import gatehouse.client.Client;
import gatehouse.client.GrantType;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The refresh grant (RFC 6749 §6) with rotation and replay detection
 * (RFC 9700 §4.14.2). Allowed to clients whose {@code auth.password.refresh_token} is on.
 */
@ApplicationScoped
public class RefreshGrant implements Grant {

    @Inject
    TokenService tokens;

    @Override
    public String grantType() {
        return GrantType.REFRESH_TOKEN.value();
    }

    @Override
    public IssuedTokens exchange(Client client, TokenRequest request) {
        if (!client.tokenSettings().refreshToken()) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "The client does not use refresh tokens");
        }
        return tokens.refresh(client, request.required("refresh_token"));
    }
}
