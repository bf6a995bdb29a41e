package gatehouse.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import gatehouse.client.ClientCredentials;
import gatehouse.error.OAuthError;
import gatehouse.error.OAuthException;
import gatehouse.store.MalformedBodyException;
import gatehouse.store.Representation;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.MediaType;

/**
 * A request to an OAuth endpoint, parsed once: its parameters (form or JSON
 * body, each at most once, RFC 6749 §3.2) and the client's credentials, from
 * HTTP Basic or from {@code client_id}/{@code client_secret} in the body, never both.
 */
public record TokenRequest(Map<String, String> parameters, Optional<ClientCredentials> credentials) {

    static final int MAX_PARAMETERS = 32;

    public static TokenRequest parse(String authorization, MediaType type, byte[] body) {
        Map<String, String> parameters = parameters(type, body);
        String bodyClientId = parameters.remove("client_id");
        String bodySecret = parameters.remove("client_secret");
        Optional<ClientCredentials> basic = ClientCredentials.fromBasic(authorization, true);
        if (authorization != null && ClientCredentials.isBasic(authorization) && basic.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "Unreadable HTTP Basic credentials");
        }
        if (basic.isPresent()) {
            if (bodySecret != null) {
                throw invalid("Client credentials both in the Authorization header and in the body");
            }
            if (bodyClientId != null && !bodyClientId.equals(basic.get().clientId())) {
                throw invalid("client_id in the body differs from the Authorization header");
            }
            return new TokenRequest(Map.copyOf(parameters), basic);
        }
        if (bodyClientId == null) {
            return new TokenRequest(Map.copyOf(parameters), Optional.empty());
        }
        return new TokenRequest(Map.copyOf(parameters), Optional.of(new ClientCredentials(bodyClientId, bodySecret)));
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(parameters.get(name)).filter(value -> !value.isEmpty());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> invalid("Missing parameter " + name));
    }

    static OAuthException invalid(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }

    private static Map<String, String> parameters(MediaType type, byte[] body) {
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return form(new String(body, StandardCharsets.UTF_8));
        }
        if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return object(type, body);
        }
        if (body.length == 0) {
            return new HashMap<>();
        }
        throw invalid("Send the parameters as application/x-www-form-urlencoded or application/json");
    }

    /**
     * The parameters of a form body or query string ({@code application/x-www-form-urlencoded}),
     * each at most once; a repeated or undecodable one is {@code invalid_request}.
     */
    public static Map<String, String> form(String body) {
        Map<String, String> parameters = new HashMap<>();
        if (body.isEmpty()) {
            return parameters;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("Malformed form encoding");
            }
            put(parameters, name, value);
        }
        return parameters;
    }

    private static Map<String, String> object(MediaType type, byte[] body) {
        JsonObject object;
        try {
            object = Representation.parseObject(body, type);
        } catch (MalformedBodyException e) {
            throw invalid(e.getMessage());
        }
        Map<String, String> parameters = new HashMap<>();
        object.forEach((name, value) -> {
            if (!(value instanceof JsonString string)) {
                throw invalid("Parameter " + name + " must be a string");
            }
            put(parameters, name, string.getString());
        });
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (parameters.size() >= MAX_PARAMETERS) {
            throw invalid("Too many parameters");
        }
        if (parameters.putIfAbsent(name, value) != null) {
            throw invalid("Parameter " + name + " given more than once");
        }
    }

    @Override
    public String toString() {
        return "TokenRequest[" + parameters.keySet() + "]"; // never the values
    }
}
