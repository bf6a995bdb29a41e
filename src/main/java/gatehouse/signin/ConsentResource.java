package gatehouse.signin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import gatehouse.session.SessionPrincipal;
import gatehouse.telemetry.Audit;
import gatehouse.telemetry.Meters;
import gatehouse.token.OAuthRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The consent form's post: the signed-in user allows a client that is not first-party what
 * it asked for (stored as a {@code Consent}, then the code), or refuses ({@code access_denied}).
 * Its token is bound to the browser session that was shown the form.
 */
@Path("auth/consent")
@ApplicationScoped
public class ConsentResource {

    static final String PURPOSE = "consent";

    @Inject
    SignIn signIn;

    @Inject
    BrowserSessions browsers;

    @Inject
    FormTokens forms;

    @Inject
    Consents consents;

    @Inject
    Audit audit;

    @Inject
    Meters meters;

    @Inject
    OAuthRequests requests;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@Context HttpServletRequest http, InputStream body) throws IOException {
        AuthorizationRequest request;
        SessionPrincipal browser;
        String decision;
        try {
            Map<String, String> form = FormBodies.parse(FormBodies.read(body));
            String encoded = form.get("request");
            request = signIn.request(AuthorizationRequest.decoded(encoded), http);
            browser = browsers.current(http).orElseThrow(() -> new AuthorizationRequest.Refused(
                    "You are no longer signed in. Go back to the application and sign in again."));
            if (!forms.verify(form.get("csrf"), PURPOSE, browser.session().id(), encoded)) {
                throw new AuthorizationRequest.Refused("This form has expired or was not opened in this browser."
                        + " Go back to the application and sign in again.");
            }
            decision = form.getOrDefault("decision", "");
        } catch (AuthorizationRequest.Refused refused) {
            return SignIn.errorPage(http, refused.getMessage());
        }
        try {
            request.check();
        } catch (AuthorizationRequest.Redirected error) {
            return signIn.redirectError(request, error.error, error.getMessage(), List.of());
        }
        String userId = browser.user().id();
        String clientId = request.client().id();
        String source = requests.source(http);
        if (!decision.equals("allow")) {
            meters.signInEvent(Audit.CONSENT_REFUSED);
            audit.record(Audit.CONSENT_REFUSED, userId, clientId, browser.session().id(), source, "denied", null,
                    request.scope());
            return signIn.redirectError(request, "access_denied", "The user did not allow access", List.of());
        }
        consents.give(userId, clientId, request.scopes());
        meters.signInEvent(Audit.CONSENT_GIVEN);
        audit.record(Audit.CONSENT_GIVEN, userId, clientId, browser.session().id(), source, "allowed", null, request.scope());
        return signIn.codeRedirect(request, browser, List.of());
    }

}
