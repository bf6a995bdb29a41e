package gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import gatehouse.error.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static boolean allows(AccessPolicy policy, JsonObject request) {
        return policy.allows(() -> java.util.List.of(request));
    }


    private static final JsonObject GET_PATIENT = Json.createObjectBuilder()
            .add("uri", "/Patient/pt-1")
            .add("request-method", "get")
            .build();

    @Test
    void allowPolicyAllowsEveryRequest() {
        AccessPolicy policy = AccessPolicy.of("p", allow().build());

        assertEquals("p", policy.id());
        assertEquals(AccessPolicy.Engine.ALLOW, policy.engine());
        assertNull(policy.pattern());
        assertTrue(allows(policy, GET_PATIENT));
        assertTrue(allows(policy, Json.createObjectBuilder().build()));
    }

    @Test
    void matchoPolicyAllowsOnlyMatchingRequests() {
        AccessPolicy policy = AccessPolicy.of("p", matcho(Json.createObjectBuilder()
                .add("request-method", "get")
                .add("uri", "#/Patient.*")).build());

        assertEquals(AccessPolicy.Engine.MATCHO, policy.engine());
        assertTrue(allows(policy, GET_PATIENT));
        assertFalse(allows(policy, Json.createObjectBuilder(GET_PATIENT).add("request-method", "post").build()));
        assertFalse(allows(policy, Json.createObjectBuilder(GET_PATIENT).add("uri", "/User/u1").build()));
    }

    @Test
    void ofWhenEngineMissingThenUnprocessable() {
        assertUnprocessable(Json.createObjectBuilder().add("link", Json.createArrayBuilder()));
    }

    @Test
    void ofWhenEngineUnknownThenUnprocessable() {
        assertUnprocessable(Json.createObjectBuilder().add("engine", "deny"));
        assertUnprocessable(Json.createObjectBuilder().add("engine", "Allow"));
        assertUnprocessable(Json.createObjectBuilder().add("engine", "sql"));
    }

    @Test
    void ofWhenEngineNotStringThenUnprocessable() {
        assertUnprocessable(Json.createObjectBuilder().add("engine", true));
        assertUnprocessable(Json.createObjectBuilder().add("engine", Json.createObjectBuilder().add("allow", true)));
    }

    @Test
    void ofWhenMatchoEngineWithoutMatchoThenUnprocessable() {
        assertUnprocessable(Json.createObjectBuilder().add("engine", "matcho"));
    }

    @Test
    void ofWhenMatchoNotObjectThenUnprocessable() {
        assertUnprocessable(Json.createObjectBuilder().add("engine", "matcho").add("matcho", "#/Patient.*"));
        assertUnprocessable(Json.createObjectBuilder().add("engine", "matcho")
                .add("matcho", Json.createArrayBuilder().add(Json.createObjectBuilder())));
        assertUnprocessable(Json.createObjectBuilder().add("engine", "matcho").addNull("matcho"));
    }

    @Test
    void ofWhenAllowEngineWithMatchoThenUnprocessable() {
        assertUnprocessable(allow().add("matcho", Json.createObjectBuilder().add("uri", "/Patient")));
    }

    @Test
    void ofWhenMatchoRegexInvalidThenUnprocessableNamingThePath() {
        var error = assertUnprocessable(matcho(Json.createObjectBuilder().add("uri", "#(")));

        assertTrue(error.getMessage().contains("matcho.uri"), error.getMessage());
    }

    @Test
    void ofReadsUserAndClientLinks() {
        AccessPolicy policy = AccessPolicy.of("p", allow().add("link", Json.createArrayBuilder()
                .add(reference("User", "alice"))
                .add(reference("User", "bob"))
                .add(reference("Client", "app"))).build());

        assertEquals(Set.of("alice", "bob"), policy.users());
        assertEquals(Set.of("app"), policy.clients());
    }

    @Test
    void ofWhenLinkNotListThenUnprocessable() {
        assertUnprocessable(allow().add("link", reference("User", "alice")));
        assertUnprocessable(allow().add("link", "User/alice"));
    }

    @Test
    void ofWhenLinkEntryNotObjectThenUnprocessable() {
        assertUnprocessable(allow().add("link", Json.createArrayBuilder().add("User/alice")));
    }

    @Test
    void ofWhenLinkEntryReferencesOtherTypeThenUnprocessable() {
        assertUnprocessable(allow().add("link", Json.createArrayBuilder().add(reference("Patient", "pt-1"))));
        assertUnprocessable(allow().add("link", Json.createArrayBuilder().add(reference("user", "alice"))));
    }

    @Test
    void ofWhenLinkEntryWithoutResourceTypeThenUnprocessable() {
        assertUnprocessable(allow().add("link", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("id", "alice"))));
    }

    @Test
    void ofWhenLinkEntryWithoutIdThenUnprocessable() {
        assertUnprocessable(allow().add("link", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("resourceType", "User"))));
    }

    @Test
    void ofWhenLinkEntryIdNotStringThenUnprocessable() {
        assertUnprocessable(allow().add("link", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("resourceType", "User").add("id", 42))));
    }

    @Test
    void ofWhenOneLinkEntryInvalidThenWholePolicyUnprocessable() {
        assertUnprocessable(allow().add("link", Json.createArrayBuilder()
                .add(reference("User", "alice"))
                .add(reference("Group", "admins"))));
    }

    @Test
    void linkedToUserAppliesToThatUser() {
        AccessPolicy policy = linkedTo(reference("User", "alice"));

        assertTrue(policy.appliesTo("alice", "app"));
        assertTrue(policy.appliesTo("alice", null));
    }

    @Test
    void linkedToUserDoesNotApplyToAnotherUser() {
        AccessPolicy policy = linkedTo(reference("User", "alice"));

        assertFalse(policy.appliesTo("bob", "app"));
        assertFalse(policy.appliesTo(null, "app"));
        assertFalse(policy.appliesTo(null, null));
    }

    @Test
    void linkedToUserDoesNotApplyToClientWithSameId() {
        AccessPolicy policy = linkedTo(reference("User", "alice"));

        assertFalse(policy.appliesTo(null, "alice"));
        assertFalse(policy.appliesTo("bob", "alice"));
    }

    @Test
    void linkedToClientAppliesToThatClientWhateverTheUser() {
        AccessPolicy policy = linkedTo(reference("Client", "app"));

        assertTrue(policy.appliesTo(null, "app"));
        assertTrue(policy.appliesTo("bob", "app"));
        assertFalse(policy.appliesTo("app", "other"));
        assertFalse(policy.appliesTo(null, null));
    }

    @Test
    void unlinkedAppliesToEveryCaller() {
        AccessPolicy policy = AccessPolicy.of("p", allow().build());

        assertTrue(policy.appliesTo("alice", "app"));
        assertTrue(policy.appliesTo(null, "app"));
        assertTrue(policy.appliesTo("alice", null));
        assertTrue(policy.appliesTo(null, null));
    }

    @Test
    void emptyLinkListThen422() { // it would read as "everyone" to some, "no one" to others
        assertUnprocessable(allow().add("link", Json.createArrayBuilder()));
    }

    @Test
    void linkedPolicyAppliesToNoOtherCaller() {
        AccessPolicy policy = linkedTo(Json.createObjectBuilder().add("resourceType", "User").add("id", "alice"));

        assertTrue(policy.appliesTo("alice", null));
        assertFalse(policy.appliesTo("bob", "any-client"));
        assertFalse(policy.appliesTo(null, null));
    }

    private static AccessPolicy linkedTo(JsonObjectBuilder... references) {
        JsonArrayBuilder link = Json.createArrayBuilder();
        for (JsonObjectBuilder reference : references) {
            link.add(reference);
        }
        return AccessPolicy.of("p", allow().add("link", link).build());
    }

    private static JsonObjectBuilder allow() {
        return Json.createObjectBuilder().add("resourceType", AccessPolicy.TYPE).add("engine", "allow");
    }

    private static JsonObjectBuilder matcho(JsonObjectBuilder pattern) {
        return Json.createObjectBuilder().add("engine", "matcho").add("matcho", pattern);
    }

    private static JsonObjectBuilder reference(String type, String id) {
        return Json.createObjectBuilder().add("resourceType", type).add("id", id);
    }

    private static Problem assertUnprocessable(JsonObjectBuilder attributes) {
        JsonObject body = attributes.build();
        var error = assertThrows(Problem.class, () -> AccessPolicy.of("p", body), body.toString());
        assertEquals(422, error.status(), body.toString());
        return error;
    }
}
