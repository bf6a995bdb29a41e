package gatehouse.signin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import gatehouse.client.CredentialThrottle;
import gatehouse.error.OAuthException;
import gatehouse.error.Problem;
import gatehouse.session.SessionPrincipal;
import gatehouse.telemetry.TokenRequestCompleted;
import gatehouse.token.OAuthRequests;
import gatehouse.token.PasswordGrant;
import gatehouse.token.TokenResource;
import gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;

/**
 * The login form's post. The password is checked exactly as the password grant checks it
 * (the same method, inside the same throttle count, so the hash gate, the lockout and the
 * per-address throttling apply unchanged), and reported the same way to the metrics and
 * the audit trail, as grant {@code sign-in}. A form without this browser's binding cookie,
 * or with another request's token, signs nobody in.
 */
@Path("auth/login")
@ApplicationScoped
public class LoginResource {

    static final String PURPOSE = "login";
    static final String GRANT = "sign-in";

    @Inject
    SignIn signIn;

    @Inject
    BrowserSessions browsers;

    @Inject
    FormTokens forms;

    @Inject
    CredentialThrottle throttle;

    @Inject
    PasswordGrant passwords;

    @Inject
    OAuthRequests requests;

    @Inject
    Event<TokenRequestCompleted> completed;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@Context HttpServletRequest http, InputStream body) throws IOException {
        long started = System.nanoTime();
        Map<String, String> form;
        AuthorizationRequest request;
        try {
            form = FormBodies.parse(FormBodies.read(body));
            String encoded = form.get("request");
            request = signIn.request(AuthorizationRequest.decoded(encoded), http);
            String binding = browsers.binding(http).orElse(null);
            if (!forms.verify(form.get("csrf"), PURPOSE, binding, encoded)) {
                throw new AuthorizationRequest.Refused("This sign-in form has expired or was not opened in this browser."
                        + " Go back to the application and sign in again.");
            }
        } catch (AuthorizationRequest.Refused refused) {
            return SignIn.errorPage(http, refused.getMessage());
        }
        try {
            request.check();
        } catch (AuthorizationRequest.Redirected error) {
            return signIn.redirectError(request, error.error, error.getMessage(), List.of());
        }
        String username = form.getOrDefault("username", "");
        String password = form.getOrDefault("password", "");
        if (username.isEmpty() || password.isEmpty()) {
            return signIn.loginPage(request, http, username, "Enter your username and password.", 400, List.of());
        }
        String source = requests.source(http);
        String clientId = request.client().id();
        User user;
        try {
            user = throttle.counted(source, clientId, () -> passwords.authenticate(username, password));
        } catch (OAuthException | Problem refusal) {
            completed.fire(TokenResource.refusal(GRANT, clientId, refusal, source, since(started)));
            return refused(request, http, username, refusal);
        }
        browsers.current(http).ifPresent(previous -> browsers.signOut(previous.session().id()));
        BrowserSessions.Opened opened = browsers.open(user);
        completed.fire(new TokenRequestCompleted(GRANT, TokenRequestCompleted.SUCCESS, clientId, user.id(),
                opened.session().id(), source, since(started), null, false));
        List<String> cookies = new ArrayList<>();
        cookies.add(browsers.sessionCookie(http, opened.cookie()));
        return signIn.next(request, new SessionPrincipal(opened.session(), user), false, http, cookies);
    }

    /** The same page and message for every wrong credential; a throttled or busy server says so, with when to retry. */
    private Response refused(AuthorizationRequest request, HttpServletRequest http, String username, RuntimeException refusal) {
        if (refusal instanceof Problem problem && (problem.status() == 429 || problem.status() == 503)) {
            Response page = signIn.loginPage(request, http, username, problem.status() == 429
                    ? "Too many failed sign-ins from your network. Wait a moment and try again."
                    : "The server is busy. Wait a moment and try again.", problem.status(), List.of());
            Response.ResponseBuilder builder = Response.fromResponse(page);
            problem.headers().forEach(builder::header);
            return builder.build();
        }
        if (refusal instanceof Problem problem) {
            throw problem;
        }
        return signIn.loginPage(request, http, username, Pages.GENERIC_FAILURE, 400, List.of());
    }


    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
