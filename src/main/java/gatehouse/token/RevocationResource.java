package gatehouse.token;

import java.io.InputStream;
import java.time.Clock;

import gatehouse.client.Client;
import gatehouse.client.ClientAuthentication;
import gatehouse.config.Protocol;
import gatehouse.session.Sessions;
import gatehouse.session.TokenHash;
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
    ClientAuthentication clientAuthentication;

    @Inject
    Sessions sessions;

    @Inject
    OAuthRequests requests;

    @Inject
    Clock clock;

    @POST
    public Response revoke(@Context HttpHeaders headers, @Context HttpServletRequest http, InputStream body) {
        TokenRequest request = requests.read(headers, body);
        Client client = clientAuthentication.require(request.credentials(), requests.source(http));
        String token = request.required("token");
        if (token.length() <= Protocol.MAX_TOKEN_LENGTH) {
            String hash = TokenHash.of(token);
            sessions.findByAccessHash(hash).or(() -> sessions.findByRefreshHash(hash))
                    .filter(session -> session.clientId().equals(client.id()))
                    .ifPresent(session -> sessions.closeNow(session.id(), clock.millis(), Sessions.REVOKED));
        }
        return TokenResource.noStore(Response.ok());
    }
}
