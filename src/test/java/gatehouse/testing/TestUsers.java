package gatehouse.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds Users through the API, each with a fresh id, name, email and password. */
public final class TestUsers {

    public record TestUser(String id, String userName, String email, String password) {
    }

    private final String id = "user-" + UUID.randomUUID();
    private final String userName = "name-" + UUID.randomUUID();
    private final String email = UUID.randomUUID() + "@example.com";
    private final String password = "pw-" + UUID.randomUUID();
    private final List<String> roles = new ArrayList<>();
    private boolean inactive;

    private TestUsers() {
    }

    public static TestUsers user() {
        return new TestUsers();
    }

    public TestUsers roles(String... values) {
        roles.addAll(List.of(values));
        return this;
    }

    public TestUsers inactive() {
        inactive = true;
        return this;
    }

    public TestUser create(Http http) {
        JsonArrayBuilder roleList = Json.createArrayBuilder();
        roles.forEach(role -> roleList.add(Json.createObjectBuilder().add("value", role)));
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("userName", userName)
                .add("email", email)
                .add("password", password)
                .add("inactive", inactive)
                .add("name", Json.createObjectBuilder().add("givenName", "Test").add("familyName", "User"))
                .add("roles", roleList);
        var reply = http.put("/User/" + id).root().json(body.build()).send();
        assertEquals(201, reply.status(), "creating the user");
        return new TestUser(id, userName, email, password);
    }
}
