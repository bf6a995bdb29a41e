package gatehouse.signin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import gatehouse.client.Client;
import gatehouse.client.Clients;
import gatehouse.session.SessionPrincipal;
import gatehouse.session.Sessions;
import gatehouse.telemetry.Audit;
import gatehouse.telemetry.Meters;
import gatehouse.token.IdTokenHints;
import gatehouse.token.OAuthRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * RP-Initiated Logout 1.0: closes the browser session (this browser's cookie, else the
 * {@code sid} of a valid {@code id_token_hint}) and what it signed in to first-party clients,
 * then returns to the client's {@code post_logout_redirect_uri} when it registered that exact
 * URI, or shows that the user is signed out. An unregistered URI is never followed.
 */
@Path("auth/logout")
@ApplicationScoped
public class LogoutResource {

    @Inject
    BrowserSessions browsers;

    @Inject
    SignIn signIn;

    @Inject
    IdTokenHints hints;

    @Inject
    Clients clients;

    @Inject
    Sessions sessions;

    @Inject
    Audit audit;

    @Inject
    Meters meters;

    @Inject
    OAuthRequests requests;

    @GET
    public Response get(@Context HttpServletRequest http, @Context UriInfo uri) {
        return logout(uri.getRequestUri().getRawQuery(), http);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@Context HttpServletRequest http, InputStream body) throws IOException {
        String form;
        try {
            form = FormBodies.read(body);
        } catch (AuthorizationRequest.Refused refused) {
            return SignIn.errorPage(http, refused.getMessage());
        }
        return logout(form, http);
    }

    private Response logout(String query, HttpServletRequest http) {
        Map<String, String> parameters;
        try {
            parameters = FormBodies.parse(query);
        } catch (AuthorizationRequest.Refused refused) {
            return SignIn.errorPage(http, refused.getMessage());
        }
        Optional<IdTokenHints.Hint> hint = hints.verify(parameters.get("id_token_hint"));
        String clientId = parameters.get("client_id");
        if (clientId != null && hint.isPresent() && !clientId.equals(hint.get().clientId())) {
            return SignIn.errorPage(http, "client_id and id_token_hint name different applications.");
        }
        Optional<SessionPrincipal> browser = browsers.current(http);
        Optional<String> browserId = browser.map(current -> current.session().id()).or(() -> hint.map(IdTokenHints.Hint::sessionId));
        browserId.ifPresent(id -> {
            String userId = browser.map(current -> current.user().id())
                    .or(() -> sessions.find(id).map(session -> session.userId())).orElse(null);
            List<String> closed = browsers.close(id);
            meters.signInEvent(Audit.LOGOUT);
            audit.record(Audit.LOGOUT, userId, clientId != null ? clientId : hint.map(IdTokenHints.Hint::clientId).orElse(null),
                    id, requests.source(http), "signed-out", null, closed.isEmpty() ? null : "closed " + closed.size());
        });
        List<String> cookies = List.of(browsers.clearedSessionCookie(http));
        Optional<Client> client = Optional.ofNullable(clientId).or(() -> hint.map(IdTokenHints.Hint::clientId))
                .filter(id -> id.length() <= 64).flatMap(clients::find);
        String target = parameters.get("post_logout_redirect_uri");
        if (target != null && client.isPresent() && client.get().signIn().redirectsAfterLogout(target, signIn.serverBase(http))) {
            String state = parameters.get("state");
            String location = state == null ? target : target + (target.contains("?") ? '&' : '?') + "state="
                    + URLEncoder.encode(state, StandardCharsets.UTF_8);
            return SignIn.with(cookies, Response.seeOther(URI.create(location)).header("Cache-Control", "no-store").build());
        }
        return SignIn.with(cookies, Pages.respond(200, Pages.signedOut(http.getContextPath()), null));
    }
}
