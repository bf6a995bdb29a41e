package gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

    private static PolicyEvaluator.Decision evaluate(List<AccessPolicy> policies, JsonObject request, String userId, String clientId) {
        return PolicyEvaluator.evaluate(policies, () -> List.of(request), userId, clientId, policy -> true);
    }


    private static final JsonObject GET_PATIENT = request("get", "/Patient/1");
    private static final JsonObject POST_PATIENT = request("post", "/Patient/1");

    @Test
    void noPoliciesThenDenied() {
        var decision = evaluate(List.of(), GET_PATIENT, "alice", "app");

        assertFalse(decision.allowed());
        assertNull(decision.allowedBy());
        assertEquals(List.of(), decision.tried());
    }

    @Test
    void allowPolicyLinkedToUserThenAllowed() {
        AccessPolicy policy = policy("alice-may", allow().add("link", link("User", "alice")));

        var decision = evaluate(List.of(policy), POST_PATIENT, "alice", "app");

        assertTrue(decision.allowed());
        assertEquals("alice-may", decision.allowedBy());
        assertEquals(List.of("alice-may"), decision.tried());
    }

    @Test
    void matchoPolicyAllowsGetPatientAndDeniesPost() {
        AccessPolicy policy = policy("read-patients", Json.createObjectBuilder()
                .add("engine", "matcho")
                .add("matcho", Json.createObjectBuilder()
                        .add("request-method", "get")
                        .add("uri", "#/Patient.*")));

        var get = evaluate(List.of(policy), GET_PATIENT, "alice", "app");
        var post = evaluate(List.of(policy), POST_PATIENT, "alice", "app");

        assertTrue(get.allowed());
        assertEquals("read-patients", get.allowedBy());
        assertFalse(post.allowed());
        assertNull(post.allowedBy());
        assertEquals(List.of("read-patients"), post.tried());
    }

    @Test
    void matchoPolicyDeniesOtherResourceType() {
        AccessPolicy policy = policy("read-patients", Json.createObjectBuilder()
                .add("engine", "matcho")
                .add("matcho", Json.createObjectBuilder()
                        .add("request-method", "get")
                        .add("uri", "#/Patient.*")));

        assertFalse(evaluate(List.of(policy), request("get", "/User/alice"), "alice", "app").allowed());
    }

    @Test
    void policyLinkedToAnotherUserDoesNotApply() {
        AccessPolicy policy = policy("bob-may", allow().add("link", link("User", "bob")));

        var decision = evaluate(List.of(policy), GET_PATIENT, "alice", "app");

        assertFalse(decision.allowed());
        assertEquals(List.of(), decision.tried());
    }

    @Test
    void policyLinkedToClientAppliesToItsRequests() {
        AccessPolicy policy = policy("app-may", allow().add("link", link("Client", "app")));

        assertTrue(evaluate(List.of(policy), GET_PATIENT, null, "app").allowed());
        assertFalse(evaluate(List.of(policy), GET_PATIENT, null, "other").allowed());
    }

    @Test
    void triedListsOnlyApplicablePoliciesInOrder() {
        AccessPolicy forBob = policy("bob-may", allow().add("link", link("User", "bob")));
        AccessPolicy postOnly = policy("post-only", Json.createObjectBuilder()
                .add("engine", "matcho")
                .add("matcho", Json.createObjectBuilder().add("request-method", "post")));
        AccessPolicy forAlice = policy("alice-deletes", Json.createObjectBuilder()
                .add("engine", "matcho")
                .add("matcho", Json.createObjectBuilder().add("request-method", "delete"))
                .add("link", link("User", "alice")));

        var decision = evaluate(List.of(forBob, postOnly, forAlice), GET_PATIENT, "alice", "app");

        assertFalse(decision.allowed());
        assertEquals(List.of("post-only", "alice-deletes"), decision.tried());
    }

    @Test
    void firstMatchingPolicyAllowsAndLaterOnesAreNotTried() {
        AccessPolicy postOnly = policy("post-only", Json.createObjectBuilder()
                .add("engine", "matcho")
                .add("matcho", Json.createObjectBuilder().add("request-method", "post")));
        AccessPolicy everything = policy("everything", allow());
        AccessPolicy later = policy("later", allow());

        var decision = evaluate(List.of(postOnly, everything, later), GET_PATIENT, "alice", "app");

        assertTrue(decision.allowed());
        assertEquals("everything", decision.allowedBy());
        assertEquals(List.of("post-only", "everything"), decision.tried());
    }

    @Test
    void matchoPolicyOnUserDataMatchesTheCallersUser() {
        AccessPolicy policy = policy("admins", Json.createObjectBuilder()
                .add("engine", "matcho")
                .add("matcho", Json.createObjectBuilder()
                        .add("user", Json.createObjectBuilder()
                                .add("roles", Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "admin"))))));
        JsonObject admin = Json.createObjectBuilder(GET_PATIENT)
                .add("user", Json.createObjectBuilder().add("id", "alice")
                        .add("roles", Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "admin"))))
                .build();
        JsonObject reader = Json.createObjectBuilder(GET_PATIENT)
                .add("user", Json.createObjectBuilder().add("id", "bob")
                        .add("roles", Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "reader"))))
                .build();

        assertTrue(evaluate(List.of(policy), admin, "alice", "app").allowed());
        assertFalse(evaluate(List.of(policy), reader, "bob", "app").allowed());
        assertFalse(evaluate(List.of(policy), GET_PATIENT, null, "app").allowed());
    }

    private static AccessPolicy policy(String id, JsonObjectBuilder attributes) {
        return AccessPolicy.of(id, attributes.build());
    }

    private static JsonObjectBuilder allow() {
        return Json.createObjectBuilder().add("engine", "allow");
    }

    private static jakarta.json.JsonArrayBuilder link(String type, String id) {
        return Json.createArrayBuilder().add(Json.createObjectBuilder().add("resourceType", type).add("id", id));
    }

    private static JsonObject request(String method, String uri) {
        return Json.createObjectBuilder()
                .add("uri", uri)
                .add("request-method", method)
                .add("params", Json.createObjectBuilder())
                .add("client", Json.createObjectBuilder().add("id", "app"))
                .build();
    }
}
