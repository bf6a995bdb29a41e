package gatehouse.signin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import gatehouse.client.Client;
import gatehouse.client.Clients;
import gatehouse.config.Issuer;
import gatehouse.session.SessionPrincipal;
import gatehouse.token.AuthorizationCode;
import gatehouse.token.AuthorizationCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

/**
 * The steps of a sign-in that the authorize, login and consent endpoints share: what an
 * authorization request needs next (the login page, the consent page, or the code), and the
 * answers that carry it there. Errors the client may see go back to its registered
 * redirect URI with {@code state} and {@code iss} (RFC 9207); any other is a page here.
 */
@ApplicationScoped
public class SignIn {

    @Inject
    Clients clients;

    @Inject
    BrowserSessions browsers;

    @Inject
    Consents consents;

    @Inject
    AuthorizationCodes codes;

    @Inject
    FormTokens forms;

    @Inject
    Issuer issuer;

    @Inject
    Clock clock;

    /** The request of a query string or form, with its client and redirect URI established ({@link AuthorizationRequest.Refused} if not). */
    AuthorizationRequest request(String form, HttpServletRequest http) {
        return AuthorizationRequest.of(form, clients::find, serverBase(http));
    }

    /**
     * This server's address without a trailing slash, for redirect URIs registered as paths: the
     * configured issuer, or else the address the browser used (the Host it sent; a forged one only
     * sends its own sender elsewhere).
     */
    String serverBase(HttpServletRequest http) {
        String base = issuer.configured() ? issuer.url() : http.getScheme() + "://" + http.getHeader("Host") + http.getContextPath();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * What a checked request needs, for this browser: its sign-in ({@code browser} absent, or too
     * old, or {@code mustSignIn}), the user's consent, or nothing more (the code).
     *
     * @param cookies {@code Set-Cookie} values to send with the answer
     */
    Response next(AuthorizationRequest request, SessionPrincipal browser, boolean mustSignIn, HttpServletRequest http,
                  List<String> cookies) {
        if (browser == null || mustSignIn || tooOld(request, browser)) {
            if (request.prompt().contains("none")) {
                return redirectError(request, "login_required", "The user is not signed in", cookies);
            }
            return loginPage(request, http, null, null, 200, cookies);
        }
        Client client = request.client();
        if (!client.signIn().firstParty() && !consents.covers(browser.user().id(), client.id(), request.scopes())) {
            if (request.prompt().contains("none")) {
                return redirectError(request, "consent_required", "The user has not allowed this client", cookies);
            }
            String csrf = forms.make(ConsentResource.PURPOSE, browser.session().id(), request.encoded());
            return with(cookies, Pages.respond(200, Pages.consent(http.getContextPath(), client.id(),
                    browser.user().callerName(), request.scopes(), request.encoded(), csrf), origin(request)));
        }
        return codeRedirect(request, browser, cookies);
    }

    /** OpenID Connect Core §3.1.2.1: {@code max_age} seconds since the user last typed a password. */
    private boolean tooOld(AuthorizationRequest request, SessionPrincipal browser) {
        return request.maxAgeSeconds()
                .map(seconds -> clock.millis() - browser.session().createdAt() > seconds * 1000)
                .orElse(false);
    }

    /** @param typed the username the user typed in a failed attempt, kept in the field; else the request's {@code login_hint} */
    Response loginPage(AuthorizationRequest request, HttpServletRequest http, String typed, String message, int status,
                       List<String> cookies) {
        List<String> withBinding = new ArrayList<>(cookies);
        String binding = browsers.binding(http).orElseGet(() -> {
            String fresh = browsers.newBinding();
            withBinding.add(browsers.bindingCookie(http, fresh));
            return fresh;
        });
        String csrf = forms.make(LoginResource.PURPOSE, binding, request.encoded());
        String hint = typed != null ? typed : request.get("login_hint");
        return with(withBinding, Pages.respond(status, Pages.login(http.getContextPath(), request.client().id(),
                request.encoded(), csrf, hint == null ? "" : hint, message), origin(request)));
    }

    Response codeRedirect(AuthorizationRequest request, SessionPrincipal browser, List<String> cookies) {
        String code = codes.issue(new AuthorizationCode.Grant(request.client().id(), browser.user().id(),
                browser.session().id(), request.redirectUri(), request.get("code_challenge"), request.scope(),
                request.get("nonce"), browser.session().createdAt()));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        return redirect(request, parameters, cookies);
    }

    Response redirectError(AuthorizationRequest request, String error, String description, List<String> cookies) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error);
        parameters.put("error_description", description);
        return redirect(request, parameters, cookies);
    }

    private Response redirect(AuthorizationRequest request, Map<String, String> parameters, List<String> cookies) {
        if (request.get("state") != null) {
            parameters.put("state", request.get("state"));
        }
        parameters.put("iss", issuer.url());
        StringBuilder location = new StringBuilder(request.redirectUri());
        char separator = request.redirectUri().contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            location.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return with(cookies, Response.seeOther(URI.create(location.toString()))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build());
    }

    /**
     * The client's origin, which the forms' policy must allow too: browsers apply
     * {@code form-action} to the redirects that follow a post, and the last one goes there.
     */
    private static String origin(AuthorizationRequest request) {
        URI uri = URI.create(request.redirectUri());
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
    }

    static Response errorPage(HttpServletRequest http, String message) {
        return Pages.respond(400, Pages.error(http.getContextPath(), message), null);
    }

    /** The answer with these cookies set. */
    static Response with(List<String> cookies, Response response) {
        if (cookies.isEmpty()) {
            return response;
        }
        Response.ResponseBuilder builder = Response.fromResponse(response);
        cookies.forEach(cookie -> builder.header("Set-Cookie", cookie));
        return builder.build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
