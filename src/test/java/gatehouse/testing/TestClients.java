package gatehouse.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds Clients through the API, each with a fresh id and secret. */
public final class TestClients {

    public record TestClient(String id, String secret) {
    }

    private final String id = "client-" + UUID.randomUUID();
    private String secret = "secret-" + UUID.randomUUID();
    private final List<String> grantTypes = new ArrayList<>(List.of("password"));
    private final JsonObjectBuilder password = Json.createObjectBuilder();
    private String introspection;

    private TestClients() {
    }

    /** A client with a secret, allowed the password grant, opaque tokens. */
    public static TestClients confidential() {
        return new TestClients();
    }

    public TestClients jwt() {
        password.add("token_format", "jwt");
        return this;
    }

    public TestClients refreshTokens() {
        password.add("refresh_token", true);
        return this;
    }

    public TestClients accessTokenSeconds(long seconds) {
        password.add("access_token_expiration", seconds);
        return this;
    }

    public TestClients refreshTokenSeconds(long seconds) {
        password.add("refresh_token_expiration", seconds);
        return this;
    }

    public TestClients audience(String audience) {
        password.add("audience", audience);
        return this;
    }

    /** A public client: no secret, and none required. */
    public TestClients publicClient() {
        secret = null;
        password.add("secret_required", false);
        return this;
    }

    public TestClients secret(String value) {
        secret = value;
        return this;
    }

    /** A resource server: {@code introspection: any} lets it introspect every client's tokens. */
    public TestClients introspectsAny() {
        introspection = "any";
        return this;
    }

    public TestClients grantTypes(String... types) {
        grantTypes.clear();
        grantTypes.addAll(List.of(types));
        return this;
    }

    public TestClient create(Http http) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("grant_types", Json.createArrayBuilder(grantTypes))
                .add("auth", Json.createObjectBuilder().add("password", password));
        if (secret != null) {
            body.add("secret", secret);
        }
        if (introspection != null) {
            body.add("introspection", introspection);
        }
        var reply = http.put("/Client/" + id).root().json(body.build()).send();
        assertEquals(201, reply.status(), "creating the client");
        return new TestClient(id, secret);
    }
}
