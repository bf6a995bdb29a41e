package gatehouse.signin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import gatehouse.session.SessionPrincipal;
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
 * The authorization endpoint (RFC 6749 §3.1, OpenID Connect Core §3.1.2): by query (GET) or
 * form (POST, §3.1.2.1). A signed-in browser gets its code at once, unless the user must sign
 * in again or give consent first.
 */
@Path("auth/authorize")
@ApplicationScoped
public class AuthorizeResource {

    @Inject
    SignIn signIn;

    @Inject
    BrowserSessions browsers;

    @GET
    public Response get(@Context HttpServletRequest http, @Context UriInfo uri) {
        return authorize(uri.getRequestUri().getRawQuery(), http);
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
        return authorize(form, http);
    }

    private Response authorize(String form, HttpServletRequest http) {
        AuthorizationRequest request;
        try {
            request = signIn.request(form, http);
        } catch (AuthorizationRequest.Refused refused) {
            return SignIn.errorPage(http, refused.getMessage());
        }
        try {
            request.check();
        } catch (AuthorizationRequest.Redirected error) {
            return signIn.redirectError(request, error.error, error.getMessage(), List.of());
        }
        SessionPrincipal browser = browsers.current(http).orElse(null);
        return signIn.next(request, browser, request.prompt().contains("login"), http, List.of());
    }
}
