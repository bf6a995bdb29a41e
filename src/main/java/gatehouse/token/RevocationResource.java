package gatehouse.token;

import java.io.InputStream;
import java.time.Clock;

import gatehouse.client.Client;
import gatehouse.session.Sessions;
import gatehouse.token.PresentedTokens.PresentedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Token revocation (RFC 7009): revoking an access or a refresh token closes its
 * Session. Unknown tokens, and tokens of other clients, are answered 200 as
 * well, so the endpoint reveals nothing about them.
 */
@Path("auth/revoke")
@ApplicationScoped
public class RevocationResource {

    @Inject
    PresentedTokens presentedTokens;

    @Inject
    Sessions sessions;

    @Inject
    Clock clock;

    @POST
    public Response revoke(@Context HttpHeaders headers, @Context HttpServletRequest http, InputStream body) {
        PresentedToken<Client> presented = presentedTokens.toRevoke(headers, http, body);
        presented.hash().flatMap(hash -> sessions.findByAccessHash(hash).or(() -> sessions.findByRefreshHash(hash)))
                .filter(session -> session.clientId().equals(presented.caller().id()))
                .ifPresent(session -> sessions.closeNow(session.id(), clock.millis(), Sessions.REVOKED));
        return TokenResource.noStore(Response.ok());
    }
}
