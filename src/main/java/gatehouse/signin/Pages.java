package gatehouse.signin;

import java.nio.charset.StandardCharsets;
import java.util.List;

import gatehouse.config.Protocol;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The sign-in pages: server-rendered HTML that works without script, in the console's look
 * (its stylesheet), with every value escaped. The policy allows the stylesheet and form posts
 * to this origin only (and the client's origin, which a form's redirect reaches), no script,
 * no framing (clickjacking), no base or plugin tricks.
 */
final class Pages {

    static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";
    static final String GENERIC_FAILURE = "The username or password is not correct, or the account cannot sign in now.";

    private Pages() {
    }

    /** The login form: what the user types, with the request it continues and its token as hidden fields. */
    static String login(String context, String clientName, String request, String csrf, String username, String message) {
        return page(context, "Sign in", """
                <form class="panel sign-in" method="post" action="%s/auth/login">
                  <h1>Sign in</h1>
                  <p class="hint">to continue to <strong>%s</strong></p>
                  %s
                  <div class="field"><label for="username">Username or email</label>
                    <input id="username" name="username" autocomplete="username" required value="%s"%s></div>
                  <div class="field"><label for="password">Password</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required%s></div>
                  <input type="hidden" name="request" value="%s">
                  <input type="hidden" name="csrf" value="%s">
                  <button type="submit">Sign in</button>
                </form>""".formatted(escape(context), escape(clientName), alert(message), escape(username),
                username.isEmpty() ? " autofocus" : "", username.isEmpty() ? "" : " autofocus", escape(request), escape(csrf)));
    }

    /** The consent form: the client and the scopes it asks for, allow or deny. */
    static String consent(String context, String clientName, String userName, List<String> scopes, String request, String csrf) {
        StringBuilder items = new StringBuilder();
        for (String scope : scopes) {
            items.append("<li>").append(escape(describe(scope))).append("</li>");
        }
        return page(context, "Allow access", """
                <form class="panel sign-in" method="post" action="%s/auth/consent">
                  <h1>Allow access?</h1>
                  <p><strong>%s</strong> asks to sign you in as <strong>%s</strong>%s</p>
                  <ul>%s</ul>
                  <input type="hidden" name="request" value="%s">
                  <input type="hidden" name="csrf" value="%s">
                  <div class="row"><button type="submit" name="decision" value="allow" autofocus>Allow</button>
                    <button type="submit" name="decision" value="deny">Deny</button></div>
                </form>""".formatted(escape(context), escape(clientName), escape(userName),
                scopes.isEmpty() ? "." : " and to see:", items, escape(request), escape(csrf)));
    }

    static String error(String context, String message) {
        return page(context, "Cannot sign in", """
                <section class="panel sign-in">
                  <h1>Cannot sign in</h1>
                  %s
                  <p class="hint">Go back to the application and try again.</p>
                </section>""".formatted(alert(message)));
    }

    static String signedOut(String context) {
        return page(context, "Signed out", """
                <section class="panel sign-in">
                  <h1 tabindex="-1" autofocus>You are signed out</h1>
                  <p role="status">You may close this window.</p>
                </section>""");
    }

    /** A page answer: never cached, never framed, no script. */
    static Response respond(int status, String html, String formTarget) {
        // Bytes, not a String: RESTEasy HTML-escapes a String entity of a text/html 400 (its XSS "sanitizer"),
        // which would show the page's markup as text; every value here is escaped already.
        return Response.status(status)
                .type(HTML)
                .entity(html.getBytes(StandardCharsets.UTF_8))
                .header(Protocol.CACHE_CONTROL, Protocol.NO_STORE)
                .header("Pragma", "no-cache")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'"
                        + (formTarget == null ? "" : " " + formTarget) + "; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private static String describe(String scope) {
        return switch (scope) {
            case "openid" -> "who you are (your user id)";
            case "profile" -> "your name, username and roles";
            case "email" -> "your email address";
            default -> scope;
        };
    }

    private static String alert(String message) {
        return message == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(message) + "</p>";
    }

    private static String page(String context, String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="no-referrer">
                <title>%s · Gatehouse</title>
                <link rel="stylesheet" href="%s/console/console.css">
                </head>
                <body>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(escape(title), escape(context), body);
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
