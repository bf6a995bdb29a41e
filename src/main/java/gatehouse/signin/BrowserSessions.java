package gatehouse.signin;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import gatehouse.client.Clients;
import gatehouse.config.Issuer;
import gatehouse.session.Session;
import gatehouse.session.SessionPrincipal;
import gatehouse.session.Sessions;
import gatehouse.session.TokenHash;
import gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browser sessions: a user signed in on the login page. Each is a Session of type
 * {@code browser} (the user, no client) whose cookie value, new at every sign-in, is stored
 * as a hash only. The Sessions a sign-in issues to clients name it ({@code sso}); signing
 * out closes it and those of first-party clients.
 */
@ApplicationScoped
public class BrowserSessions {

    static final String COOKIE = "gatehouse_sso";
    /** Binds the login form's token to the browser that was shown the form (no login CSRF). */
    static final String BINDING_COOKIE = "gatehouse_login";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Sessions sessions;

    @Inject
    Clients clients;

    @Inject
    Issuer issuer;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "gatehouse.signin.session.seconds")
    long lifetimeSeconds;

    /** A browser session just opened: the Session and the cookie value that carries it. */
    record Opened(Session session, String cookie) {

        @Override
        public String toString() {
            return "Opened[" + session.id() + "]"; // never the cookie
        }
    }

    /** The open browser session of this request's cookie, with its user (active), if any. */
    Optional<SessionPrincipal> current(HttpServletRequest request) {
        return cookie(request, COOKIE)
                .filter(value -> value.length() <= 64)
                .flatMap(value -> sessions.findBrowser(TokenHash.of(value)))
                .flatMap(session -> sessions.holder(session, false, clock.millis()));
    }

    Opened open(User user) {
        long now = clock.millis();
        String cookie = random();
        Session session = new Session(UUID.randomUUID().toString(), Sessions.BROWSER, user.id(), null, now);
        session.tokens(TokenHash.of(cookie), now + lifetimeSeconds * 1000, null, null);
        sessions.open(session);
        return new Opened(session, cookie);
    }

    /** Ends a browser session that a new sign-in in the same browser replaces; what it issued lives on. */
    void signOut(String browserSessionId) {
        sessions.closeNow(browserSessionId, clock.millis(), Sessions.LOGOUT);
    }

    /** Closes the browser session and what it signed in to first-party clients; the ids of those. */
    List<String> close(String browserSessionId) {
        return sessions.closeBrowser(browserSessionId,
                clientId -> clients.find(clientId).map(client -> client.signIn().firstParty()).orElse(true), clock.millis());
    }

    /** The {@code Set-Cookie} value carrying a browser session. */
    String sessionCookie(HttpServletRequest request, String value) {
        return cookieHeader(request, COOKIE, value, lifetimeSeconds);
    }

    String clearedSessionCookie(HttpServletRequest request) {
        return cookieHeader(request, COOKIE, "", 0);
    }

    /** The browser's binding value, or a new one (then {@link #bindingCookie} must be set). */
    Optional<String> binding(HttpServletRequest request) {
        return cookie(request, BINDING_COOKIE).filter(value -> value.matches("[A-Za-z0-9_-]{43}"));
    }

    String newBinding() {
        return random();
    }

    String bindingCookie(HttpServletRequest request, String value) {
        return cookieHeader(request, BINDING_COOKIE, value, -1);
    }

    /** HttpOnly, SameSite=Lax (sent on the client's top-level redirect here, never on another site's POST), Secure over https. */
    private String cookieHeader(HttpServletRequest request, String name, String value, long maxAgeSeconds) {
        String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        StringBuilder header = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
                .append("; HttpOnly; SameSite=Lax");
        if (maxAgeSeconds >= 0) {
            header.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (issuer.url().startsWith("https:")) {
            header.append("; Secure");
        }
        return header.toString();
    }

    private static Optional<String> cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        String found = null;
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name)) {
                if (found != null) {
                    return Optional.empty(); // two values (one planted on a parent path or domain): trust neither
                }
                found = cookie.getValue();
            }
        }
        return Optional.ofNullable(found).filter(value -> !value.isEmpty());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
