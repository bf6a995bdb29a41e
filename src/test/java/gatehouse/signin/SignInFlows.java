package gatehouse.signin;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import gatehouse.testing.Http;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the tests of the sign-in need besides a browser: web clients, PKCE, URL parts. */
final class SignInFlows {

    static final String REDIRECT_URI = "https://app.example.com/cb";
    static final String POST_LOGOUT_URI = "https://app.example.com/signed-out";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignInFlows() {
    }

    /** A registered web application; {@code secret} null for a public client. */
    record WebClient(String id, String secret, List<String> redirectUris) {

        String redirectUri() {
            return redirectUris.get(0);
        }

        boolean isPublic() {
            return secret == null;
        }
    }

    /** Builds web clients through the API (as root), each with a fresh id. */
    static final class WebClients {
        private final String id = "web-" + UUID.randomUUID();
        private String secret = "secret-" + UUID.randomUUID();
        private boolean firstParty = true;
        private List<String> grantTypes = List.of("authorization_code", "refresh_token");
        private List<String> redirectUris = List.of(REDIRECT_URI);
        private List<String> scopes;
        private final JsonObjectBuilder code = Json.createObjectBuilder();

        static WebClients firstParty() {
            return new WebClients();
        }

        static WebClients thirdParty() {
            WebClients clients = new WebClients();
            clients.firstParty = false;
            return clients;
        }

        WebClients publicClient() {
            secret = null;
            return this;
        }

        WebClients jwt() {
            code.add("token_format", "jwt");
            return this;
        }

        WebClients refreshTokens() {
            code.add("refresh_token", true);
            return this;
        }

        WebClients grantTypes(String... types) {
            grantTypes = List.of(types);
            return this;
        }

        WebClients redirectUris(String... uris) {
            redirectUris = List.of(uris);
            return this;
        }

        WebClients scopes(String... values) {
            scopes = List.of(values);
            return this;
        }

        WebClients postLogoutRedirectUri(String uri) {
            code.add("post_logout_redirect_uri", uri);
            return this;
        }

        WebClient create(Http http, List<String> created) {
            code.add("redirect_uri", redirectUris.size() == 1 ? Json.createValue(redirectUris.get(0))
                    : Json.createArrayBuilder(redirectUris).build());
            JsonObjectBuilder body = Json.createObjectBuilder()
                    .add("first_party", firstParty)
                    .add("grant_types", Json.createArrayBuilder(grantTypes))
                    .add("auth", Json.createObjectBuilder().add("authorization_code", code));
            if (secret != null) {
                body.add("secret", secret);
            }
            if (scopes != null) {
                JsonArrayBuilder list = Json.createArrayBuilder(scopes);
                body.add("scopes", list);
            }
            created.add("/Client/" + id);
            var reply = http.put("/Client/" + id).root().json(body.build()).send();
            assertEquals(201, reply.status(), "creating the web client: " + reply);
            return new WebClient(id, secret, redirectUris);
        }
    }

    /** An authorization request's secrets, as the client keeps them. */
    record Pkce(String verifier, String challenge) {

        static Pkce create() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return new Pkce(verifier, s256(verifier));
        }
    }

    /** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-256", verifier));
    }

    /** OpenID Connect Core §3.1.3.6: the left half of the hash of the access token, base64url. */
    static String atHash(String accessToken, String algorithm) {
        String hash = switch (algorithm.substring(2)) {
            case "384" -> "SHA-384";
            case "512" -> "SHA-512";
            default -> "SHA-256";
        };
        byte[] digest = digest(hash, accessToken);
        byte[] left = java.util.Arrays.copyOf(digest, digest.length / 2);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(left);
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random() {
        return UUID.randomUUID().toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A query string from name, value pairs (a null value leaves the parameter out). */
    static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.append(query.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
            }
        });
        return query.toString();
    }

    /** The same as form pairs. */
    static List<String> pairs(Map<String, String> parameters) {
        List<String> pairs = new ArrayList<>();
        parameters.forEach((name, value) -> {
            if (value != null) {
                pairs.add(name);
                pairs.add(value);
            }
        });
        return pairs;
    }

    /** The decoded query parameters of a URL (the first value of each). */
    static Map<String, String> queryOf(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** The URL without its query and fragment. */
    static String withoutQuery(String url) {
        return url.replaceFirst("[?#].*$", "");
    }
}
