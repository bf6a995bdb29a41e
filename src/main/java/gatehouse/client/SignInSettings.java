package gatehouse.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import gatehouse.store.Fields;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What a Client registered for signing users in through the login page (authorization code
 * grant): its exact redirect URIs (absolute, or paths on this server, as the console's), the scopes it may ask for, whether it is first-party (no
 * consent page; signed out with the browser session) and whether it must use PKCE.
 * Checked when the Client is written, so a bad registration is a 422, not a failed sign-in.
 */
public record SignInSettings(List<String> redirectUris, List<String> postLogoutRedirectUris, Set<String> scopes,
                             boolean firstParty, boolean pkce) {

    /** The scopes of a client that lists none. */
    public static final Set<String> DEFAULT_SCOPES = Set.of("openid", "profile", "email");
    static final int MAX_URI_LENGTH = 2048;
    static final String AT = "auth.authorization_code.";

    static SignInSettings of(JsonObject client) {
        List<String> scopes = Fields.strings(client, "scopes");
        for (String scope : scopes) {
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}")) { // RFC 6749 §3.3 scope-token
                throw Fields.wrongType("scopes", "a list of scope names (printable ASCII without spaces, quotes or backslashes)");
            }
        }
        return new SignInSettings(
                uris(client, AT + "redirect_uri"),
                uris(client, AT + "post_logout_redirect_uri"),
                scopes.isEmpty() ? DEFAULT_SCOPES : Set.copyOf(scopes),
                Fields.bool(client, "first_party").orElse(false),
                Fields.bool(client, AT + "pkce").orElse(true));
    }

    /**
     * Whether this exact string is a registered redirect URI (no normalisation: RFC 9700 §4.1.3).
     * A URI registered as a path ({@code /console/}) is one on this server: {@code serverBase}
     * (its address without a trailing slash) followed by that path, exactly.
     */
    public boolean redirects(String uri, String serverBase) {
        return registered(redirectUris, uri, serverBase);
    }

    public boolean redirectsAfterLogout(String uri, String serverBase) {
        return registered(postLogoutRedirectUris, uri, serverBase);
    }

    private static boolean registered(List<String> uris, String uri, String serverBase) {
        if (uri == null) {
            return false;
        }
        for (String registered : uris) {
            if (registered.startsWith("/") ? uri.equals(serverBase + registered) : registered.equals(uri)) {
                return true;
            }
        }
        return false;
    }

    /** A string or a list of strings, each an absolute http(s) URI without a fragment. */
    private static List<String> uris(JsonObject client, String path) {
        Optional<JsonValue> value = Fields.object(client, "auth.authorization_code")
                .map(code -> code.get(path.substring(AT.length())));
        List<String> uris = value.isEmpty() || value.get() == JsonValue.NULL ? List.of()
                : value.get() instanceof JsonString single ? List.of(single.getString())
                : Fields.strings(client, path);
        for (String uri : uris) {
            if (!absoluteWithoutFragment(uri) && !onThisServer(uri)) {
                throw Fields.wrongType(path, "an absolute http or https URI without a fragment (or a path on this server,"
                        + " such as /console/), or a list of them");
            }
        }
        return List.copyOf(uris);
    }

    /** A path below this server's address: starts with one slash, printable ASCII, no query or fragment. */
    static boolean onThisServer(String uri) {
        return uri.matches("/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@/-]*") && uri.length() <= MAX_URI_LENGTH
                && !uri.contains("/../") && !uri.contains("/./") && !uri.endsWith("/..") && !uri.endsWith("/.");
    }

    static boolean absoluteWithoutFragment(String uri) {
        if (uri.length() > MAX_URI_LENGTH) {
            return false;
        }
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme();
            return ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
                    && parsed.getHost() != null && parsed.getRawFragment() == null && parsed.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
