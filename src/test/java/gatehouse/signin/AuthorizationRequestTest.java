package gatehouse.signin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import gatehouse.client.Client;
import gatehouse.client.ClientFixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuthorizationRequestTest {

    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final Client WEB = ClientFixtures.of("web", "{\"grant_types\":[\"authorization_code\"],\"scopes\":[\"openid\",\"profile\"],"
            + "\"auth\":{\"authorization_code\":{\"redirect_uri\":\"https://app.example.com/cb\"}}}", true);
    static final Client PASSWORD_ONLY = ClientFixtures.of("pw", "{\"grant_types\":[\"password\"],"
            + "\"auth\":{\"authorization_code\":{\"redirect_uri\":\"https://app.example.com/cb\"}}}", true);
    static final Map<String, Client> CLIENTS = Map.of("web", WEB, "pw", PASSWORD_ONLY);

    static AuthorizationRequest of(String query) {
        return AuthorizationRequest.of(query, id -> Optional.ofNullable(CLIENTS.get(id)), "https://gatehouse.example.com");
    }

    static final String GOOD = "response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"
            + "&scope=openid+profile&state=s&code_challenge=" + CHALLENGE + "&code_challenge_method=S256";

    @Test
    void aGoodRequestCarriesItsParametersThroughTheForms() {
        AuthorizationRequest request = of(GOOD + "&unknown=x").check();
        assertEquals(List.of("openid", "profile"), request.scopes());
        AuthorizationRequest again = of(AuthorizationRequest.decoded(request.encoded())).check();
        assertEquals(request.parameters(), again.parameters());
        assertEquals(null, again.get("unknown"), "only the known parameters travel");
    }

    @Test
    void whatCannotBeRedirectedIsAPageNeverARedirect() {
        for (String query : List.of(
                GOOD.replace("client_id=web", "client_id=nobody"),
                GOOD.replace("client_id=web", "client_id=pw"),
                GOOD.replace("&client_id=web", ""),
                GOOD.replace("%2Fcb", "%2Fcb%2F"),
                GOOD.replace("app.example.com", "APP.example.com"),
                GOOD.replace("app.example.com", "app.example.com%3A443"),
                GOOD.replace("%2Fcb", "%2Fcb%2Fx"),
                GOOD.replace("https%3A%2F%2Fapp", "https%3A%2F%2Fevil%40app"),
                GOOD.replace("%2Fcb", "%2Fcb%23x"),
                GOOD.replace("%2Fcb", "%2F%2563b"), // the URI itself percent-encoded: /%63b
                GOOD.replace("https%3A%2F%2Fapp.example.com%2Fcb", ""),
                GOOD + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb",
                "%zz")) {
            assertThrows(AuthorizationRequest.Refused.class, () -> of(query), query);
        }
    }

    @Test
    void theRestGoesBackToTheClientWithItsError() {
        Map<String, String> errors = Map.of(
                GOOD.replace("response_type=code", "response_type=token"), "unsupported_response_type",
                GOOD.replace("response_type=code&", ""), "invalid_request",
                GOOD.replace("scope=openid+profile", "scope=openid+admin"), "invalid_scope",
                GOOD.replace("S256", "plain"), "invalid_request",
                GOOD.replace("&code_challenge_method=S256", ""), "invalid_request",
                GOOD.replace("&code_challenge=" + CHALLENGE, ""), "invalid_request",
                GOOD.replace(CHALLENGE, "short"), "invalid_request",
                GOOD + "&prompt=none+login", "invalid_request",
                GOOD + "&max_age=-1", "invalid_request",
                GOOD + "&request=eyJ", "request_not_supported");
        errors.forEach((query, error) -> assertEquals(error,
                assertThrows(AuthorizationRequest.Redirected.class, () -> of(query).check(), query).error, query));
    }
}
