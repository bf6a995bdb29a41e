package gatehouse.token;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import gatehouse.user.User;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The OpenID Connect claims of a user (OpenID Connect Core §5.1, §5.4) that its scopes
 * allow, for ID tokens and userinfo: always {@code sub}; with {@code profile} the
 * names and {@code groups} (the user's roles, which Jakarta Security's OpenID Connect
 * mechanism maps to groups); with {@code email} the address.
 */
final class UserClaims {

    static final String OPENID = "openid";

    private UserClaims() {
    }

    static Map<String, Object> of(User user, Set<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.id());
        JsonObject shown = user.render();
        if (scopes.contains("profile")) {
            claims.put("preferred_username", user.callerName());
            JsonObject name = shown.get("name") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
            String given = text(name, "givenName");
            String family = text(name, "familyName");
            String full = text(name, "text");
            if (full == null && (given != null || family != null)) {
                full = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
            }
            putPresent(claims, "name", full);
            putPresent(claims, "given_name", given);
            putPresent(claims, "family_name", family);
            claims.put("groups", user.roles());
        }
        if (scopes.contains("email")) {
            putPresent(claims, "email", text(shown, "email"));
        }
        return claims;
    }

    /** The scopes of a Session or code, space-separated (RFC 6749 §3.3), as a set. */
    static Set<String> scopes(String scope) {
        return scope == null || scope.isEmpty() ? Set.of() : Set.of(scope.split(" "));
    }

    private static String text(JsonObject object, String name) {
        return object.get(name) instanceof JsonString string ? string.getString() : null;
    }

    private static void putPresent(Map<String, Object> claims, String name, String value) {
        if (value != null && !value.isEmpty()) {
            claims.put(name, value);
        }
    }
}
