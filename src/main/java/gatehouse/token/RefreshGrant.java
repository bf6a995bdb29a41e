package gatehouse.token;

import java.time.Clock;

import gatehouse.client.Client;
import gatehouse.client.GrantType;
import gatehouse.client.TokenSettings;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.session.Session;
import gatehouse.session.SessionPrincipal;
import gatehouse.session.Sessions;
import gatehouse.session.TokenHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The refresh grant (RFC 6749 §6), whole: find the Session by the presented
 * token's hash, check it, mint new tokens and rotate them in; a refresh token
 * presented a second time (RFC 9700 §4.14.2) closes its Session. Allowed to
 * clients whose {@code auth.password.refresh_token} is on. Runs outside any
 * transaction: the store's steps commit one by one, so closing a Session on
 * replay holds although the caller is then told {@code invalid_grant}.
 */
@ApplicationScoped
public class RefreshGrant implements Grant {

    static final String INVALID = "Invalid, expired or revoked refresh token";
    static final String REUSED = "Refresh token already used; its Session is closed";

    @Inject
    TokenService tokens;

    @Inject
    Sessions sessions;

    @Inject
    Clock clock;

    @Override
    public String grantType() {
        return GrantType.REFRESH_TOKEN.value();
    }

    @Override
    public IssuedTokens exchange(Client client, TokenRequest request) {
        if (!client.tokenSettings().refreshToken() && !client.authorizationCodeSettings().refreshToken()) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "The client does not use refresh tokens");
        }
        long now = clock.millis();
        String presented = TokenHash.of(request.required("refresh_token"));
        Session session = sessions.findByRefreshHash(presented).orElse(null);
        if (session == null) {
            // Not a current refresh token; one exchanged before is a replay.
            if (sessions.closeReplayed(presented, now)) {
                throw GrantRefused.refreshReused(REUSED);
            }
            throw invalidGrant(INVALID);
        }
        if (!client.id().equals(session.clientId())) {
            throw invalidGrant(INVALID);
        }
        // A sign-in's Session refreshes with the sign-in's options; the others with the password grant's.
        TokenSettings settings = AuthorizationCodeGrant.SESSION_TYPE.equals(session.type())
                ? client.authorizationCodeSettings() : client.tokenSettings();
        if (!settings.refreshToken()) {
            throw invalidGrant(INVALID);
        }
        SessionPrincipal holder = sessions.holder(session, true, now).orElseThrow(() -> invalidGrant(INVALID));
        TokenService.Minted minted = tokens.mint(client, settings, session.id(), holder.user(), session.scope(), now);
        if (!sessions.rotate(session, presented, minted.accessHash(), minted.accessExp(), minted.refreshHash(), now)) {
            // Its twin won the race, or the Session closed meanwhile: one of them was a replay.
            sessions.closeNow(session.id(), now, Sessions.REFRESH_REUSE);
            throw GrantRefused.refreshReused(REUSED);
        }
        return new IssuedTokens(minted.accessToken(), minted.expiresIn(), minted.refreshToken(), holder.user(), session.id(), null,
                session.scope());
    }

    private static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.INVALID_GRANT, description);
    }
}
