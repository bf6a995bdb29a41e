package gatehouse.token;

import gatehouse.client.Client;
import gatehouse.client.GrantType;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The client credentials grant (RFC 6749 §4.4), whole: a confidential client that
 * lists {@code client_credentials} and authenticated with its secret gets an
 * access token of its own, a Session with a client and no user, and never a
 * refresh token (§4.4.3). Options under {@code auth.client_credentials}. What the
 * token may do is decided by the policies linked to the client (and unlinked ones).
 */
@ApplicationScoped
public class ClientCredentialsGrant implements Grant {

    static final String SESSION_TYPE = "client_credentials";

    @Inject
    TokenService tokens;

    @Override
    public String grantType() {
        return GrantType.CLIENT_CREDENTIALS.value();
    }

    @Override
    public IssuedTokens exchange(Client client, TokenRequest request) {
        if (!client.grantTypes().contains(GrantType.CLIENT_CREDENTIALS)) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "The client may not use the client_credentials grant");
        }
        boolean authenticatedWithSecret = request.credentials().map(presented -> presented.secret() != null
                && !presented.secret().isEmpty()).orElse(false);
        if (!client.confidential() || !authenticatedWithSecret) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT,
                    "The client_credentials grant is for confidential clients, authenticated with their secret");
        }
        return tokens.open(client, client.clientCredentialsSettings(), SESSION_TYPE, null);
    }
}
