package gatehouse.token;

import java.io.InputStream;

import gatehouse.client.Client;
import gatehouse.client.ClientAuthentication;
import gatehouse.session.BearerAuthentication;
import gatehouse.session.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    BearerAuthentication bearer;

    @Inject
    Sessions sessions;

    @Inject
    OAuthRequests requests;

    @POST
    public Response revoke(@Context HttpHeaders headers, InputStream body) {
        TokenRequest request = requests.read(headers, body);
        Client client = clientAuthentication.require(request.credentials());
        String token = request.required("token");
        if (token.length() <= 8192) {
            bearer.sessionOf(token)
                    .filter(session -> session.clientId().equals(client.id()))
                    .ifPresent(session -> sessions.closeNow(session.id(), System.currentTimeMillis()));
        }
        return TokenResource.noStore(Response.ok());
    }
}
