package gatehouse.signin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import gatehouse.client.Client;
import gatehouse.client.GrantType;

/**
 * An authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1),
 * checked in two steps. {@link #of} establishes where errors may go: the client must exist,
 * may use the grant, and must have registered the {@code redirect_uri} exactly; otherwise
 * {@link Refused} shows an error page and nothing is redirected anywhere. {@link #check}
 * then checks the rest, whose errors go back to that redirect URI.
 */
record AuthorizationRequest(Client client, String redirectUri, Map<String, String> parameters, boolean requestObject) {

    /** The parameters that are carried from page to page; anything else sent is ignored. */
    static final List<String> PARAMETERS = List.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method", "prompt", "max_age", "login_hint");
    static final int MAX_VALUE = 512;

    /** Errors that must not be redirected: the redirect URI is not known to be the client's. */
    static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Errors that go back to the client (RFC 6749 §4.1.2.1). */
    static final class Redirected extends RuntimeException {

        private static final long serialVersionUID = 1L;
        final String error;

        Redirected(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }
    }

    /** Parses a query string or form body and finds the client and its redirect URI. */
    static AuthorizationRequest of(String form, Function<String, Optional<Client>> clients, String serverBase) {
        Map<String, String> all = FormBodies.parse(form);
        Map<String, String> parameters = new TreeMap<>();
        for (String name : PARAMETERS) {
            String value = all.get(name);
            if (value != null && !value.isEmpty()) {
                parameters.put(name, value);
            }
        }
        String clientId = parameters.get("client_id");
        if (clientId == null) {
            throw new Refused("The request names no client_id.");
        }
        Client client = clientId.length() > 64 ? null : clients.apply(clientId).orElse(null);
        if (client == null || !client.grantTypes().contains(GrantType.AUTHORIZATION_CODE)) {
            throw new Refused("The application that sent you here is not registered to sign users in here.");
        }
        String redirectUri = parameters.get("redirect_uri");
        if (!client.signIn().redirects(redirectUri, serverBase)) {
            throw new Refused("The application that sent you here asked to return to an address it has not registered.");
        }
        return new AuthorizationRequest(client, redirectUri, Map.copyOf(parameters),
                all.containsKey("request") || all.containsKey("request_uri"));
    }

    /** The rest of the request, checked; a problem is a {@link Redirected} error. */
    AuthorizationRequest check() {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue().length() > MAX_VALUE) {
                throw new Redirected("invalid_request", parameter.getKey() + " is too long");
            }
        }
        if (requestObject) {
            throw new Redirected("request_not_supported", "Request objects are not supported");
        }
        String responseType = parameters.get("response_type");
        if (responseType == null) {
            throw new Redirected("invalid_request", "response_type is missing");
        }
        if (!responseType.equals("code")) {
            throw new Redirected("unsupported_response_type", "Only response_type=code is supported");
        }
        Set<String> allowed = client.signIn().scopes();
        for (String scope : scopes()) {
            if (!allowed.contains(scope)) {
                throw new Redirected("invalid_scope", "The client may not ask for the scope " + scope);
            }
        }
        checkPkce();
        Set<String> prompt = prompt();
        if (prompt.contains("none") && prompt.size() > 1) {
            throw new Redirected("invalid_request", "prompt=none cannot be combined with other values");
        }
        if (parameters.containsKey("max_age") && !parameters.get("max_age").matches("\\d{1,9}")) {
            throw new Redirected("invalid_request", "max_age must be a number of seconds");
        }
        return this;
    }

    private void checkPkce() {
        String challenge = parameters.get("code_challenge");
        String method = parameters.get("code_challenge_method");
        if (challenge == null) {
            if (method != null) {
                throw new Redirected("invalid_request", "code_challenge_method without code_challenge");
            }
            if (client.pkceRequired()) {
                throw new Redirected("invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256");
            }
            return;
        }
        if (!"S256".equals(method)) {
            throw new Redirected("invalid_request", "Only code_challenge_method=S256 is supported");
        }
        if (!challenge.matches("[A-Za-z0-9_-]{43}")) {
            throw new Redirected("invalid_request", "code_challenge must be the base64url SHA-256 of the verifier (43 characters)");
        }
    }

    /** The scopes asked for, in order, without repeats. */
    List<String> scopes() {
        String scope = parameters.get("scope");
        return scope == null ? List.of() : List.copyOf(new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +"))));
    }

    /** The scopes as granted: space-separated, or null when none were asked for. */
    String scope() {
        List<String> scopes = scopes();
        return scopes.isEmpty() ? null : String.join(" ", scopes);
    }

    Set<String> prompt() {
        String prompt = parameters.get("prompt");
        return prompt == null ? Set.of() : Set.of(prompt.trim().split(" +"));
    }

    Optional<Long> maxAgeSeconds() {
        return Optional.ofNullable(parameters.get("max_age")).map(Long::parseLong);
    }

    String get(String name) {
        return parameters.get(name);
    }

    /** The request as one opaque string for the forms' hidden field, and what their tokens sign. */
    String encoded() {
        String query = parameters.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(query.getBytes(StandardCharsets.UTF_8));
    }

    /** The query string of an {@link #encoded} request; a value that is not one is a {@link Refused}. */
    static String decoded(String encoded) {
        try {
            return new String(Base64.getUrlDecoder().decode(encoded == null ? "" : encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("The form was changed or is not one of this server's.");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
