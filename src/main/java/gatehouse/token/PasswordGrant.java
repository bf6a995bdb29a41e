package gatehouse.token;

import gatehouse.client.Client;
import gatehouse.client.GrantType;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.user.PasswordLogin;
import gatehouse.user.User;
import gatehouse.user.UserPrincipal;
import gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;

/**
 * The Resource Owner Password Credentials grant (RFC 6749 §4.3), whole: the user
 * is authenticated by the application's Jakarta Security identity stores, and a
 * new Session is opened for it. Every failure gets the same answer, so callers
 * cannot tell which part was wrong.
 */
@ApplicationScoped
public class PasswordGrant implements Grant {

    static final String INVALID_CREDENTIALS = "Invalid username or password";
    static final String SESSION_TYPE = "password";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    Users users;

    @Inject
    TokenService tokens;

    @Override
    public String grantType() {
        return GrantType.PASSWORD.value();
    }

    @Override
    public IssuedTokens exchange(Client client, TokenRequest request) {
        if (!client.grantTypes().contains(GrantType.PASSWORD)) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "The client may not use the password grant");
        }
        User user = authenticate(request.required("username"), request.required("password"));
        return tokens.open(client, client.tokenSettings(), SESSION_TYPE, user);
    }

    /**
     * The user whose password this is, checked by the identity stores (with the hash gate and
     * lockout of the user package), or {@code invalid_grant} saying why for the audit trail.
     * The login page signs in through here too: one check for both.
     */
    public User authenticate(String username, String password) {
        PasswordLogin login = new PasswordLogin(username, password);
        CredentialValidationResult result = identityStores.validate(login);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throw GrantRefused.login(INVALID_CREDENTIALS, login);
        }
        return validatedUser(result);
    }

    /** Ours carries the User it checked; another identity store's caller is looked up by id. */
    private User validatedUser(CredentialValidationResult result) {
        if (result.getCallerPrincipal() instanceof UserPrincipal principal && principal.user() != null) {
            return principal.user();
        }
        return users.find(result.getCallerPrincipal().getName())
                .orElseThrow(() -> new OAuthException(OAuthError.INVALID_GRANT, INVALID_CREDENTIALS));
    }
}
