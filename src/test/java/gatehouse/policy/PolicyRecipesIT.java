package gatehouse.policy;

import java.util.UUID;

import gatehouse.testing.DocExamples;
import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policies that speak about the caller (references, presence, the
 * body), the recipes of docs/access-policies.md (read from the page, as DocsIT runs them), privileged
 * fields under every path and body trick, and {@code POST /auth/explain}. Each policy here is linked
 * to its own test's users or clients, so tests cannot open doors for each other; docs/access-policies.md
 * shows the recipes unlinked.
 */
class PolicyRecipesIT extends GatehouseIT {

    private String policy(String matcho, String type, String id) {
        String policyId = "policy-" + UUID.randomUUID();
        Reply reply = http.put("/AccessPolicy/" + policyId).root().json("{\"engine\":\"matcho\",\"matcho\":" + matcho
                + ",\"link\":[{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"}]}").send();
        assertEquals(201, reply.status(), reply.body());
        return policyId;
    }

    private String login(TestUser user) {
        TestClient client = TestClients.confidential().create(http);
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password())
                .send().json().getString("access_token");
    }

    private JsonObject userAsRoot(String id) {
        return http.get("/User/" + id).root().send().json();
    }

    /** The stored user as a body to PUT back, with these changes; envelope and root-only fields left out. */
    private static String edited(JsonObject user, String field, JsonValue value) {
        var body = Json.createObjectBuilder(user).remove("meta").remove("failedLogins").remove("lockedUntil");
        if (value == null) {
            body.remove(field);
        } else {
            body.add(field, value);
        }
        return body.build().toString();
    }

    /** A recipe of docs/access-policies.md, linked to one user or client of the test. */
    private String recipe(String id, String type, String linkId) {
        String policyId = id + "-" + UUID.randomUUID();
        String yaml = DocExamples.of("docs/access-policies.md").yamlPut("/AccessPolicy/" + id)
                + "link: [{resourceType: " + type + ", id: " + linkId + "}]\n";
        Reply reply = http.put("/AccessPolicy/" + policyId).root().yaml(yaml).send();
        assertEquals(201, reply.status(), reply.body());
        return policyId;
    }

    @Test
    void aUserReadsAndUpdatesItsOwnUserButNeverItsRolesStatusOrPassword() {
        TestUser user = TestUsers.user().roles("reader").create(http);
        TestUser other = TestUsers.user().create(http);
        recipe("own-user", "User", user.id());
        String token = login(user);
        JsonObject own = http.get("/User/" + user.id()).bearer(token).send().json();
        assertEquals(user.id(), own.getString("id"));
        assertEquals(403, http.get("/User/" + other.id()).bearer(token).send().status());

        assertEquals(200, http.put("/User/" + user.id()).bearer(token)
                .json(edited(own, "name", Json.createObjectBuilder().add("givenName", "Renamed").build())).send().status(),
                "its own fields, privileged ones resent as they are");
        JsonValue admin = Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "reader"))
                .add(Json.createObjectBuilder().add("value", "admin")).build();
        for (String body : new String[] {
                edited(own, "roles", admin),
                edited(own, "roles", null),
                edited(own, "roles", JsonValue.EMPTY_JSON_ARRAY),
                edited(own, "inactive", JsonValue.TRUE),
                edited(own, "password", Json.createValue("new-password-" + UUID.randomUUID())),
        }) {
            Reply refused = http.put("/User/" + user.id()).bearer(token).json(body).send();
            assertEquals(403, refused.status(), body);
            assertTrue(refused.body().contains("roles") || refused.body().contains("inactive")
                    || refused.body().contains("password"), "the 403 names the field: " + refused.body());
        }
        assertEquals(JsonValue.ValueType.ARRAY, userAsRoot(user.id()).get("roles").getValueType());
        assertEquals(1, userAsRoot(user.id()).getJsonArray("roles").size(), "roles unchanged");
        assertFalse(userAsRoot(user.id()).getBoolean("inactive", false));
    }

    @Test
    void pathAndBodyTricksDoNotReachAnotherUserOrItsPrivilegedFields() {
        TestUser user = TestUsers.user().create(http);
        TestUser other = TestUsers.user().create(http);
        recipe("own-user", "User", user.id());
        String token = login(user);
        JsonObject mine = userAsRoot(user.id());
        JsonValue admin = Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "admin")).build();
        String[][] attempts = { // path, body
                {"/User/" + other.id(), edited(mine, "id", Json.createValue(user.id()))},
                {"/User/" + other.id(), edited(userAsRoot(other.id()), "inactive", JsonValue.TRUE)},
                {"/User/" + user.id().toUpperCase(java.util.Locale.ROOT), edited(mine, "id", null)},
                {"/User/" + user.id() + "/", edited(mine, "roles", admin)},
                {"/User/" + user.id() + "?x=1", edited(mine, "roles", admin)},
                {"/User/" + user.id(), edited(mine, "id", Json.createValue(other.id()))},
                {"/User/" + user.id() + "%2F..%2F" + other.id(), edited(mine, "roles", admin)},
                {"/User/./" + other.id(), edited(mine, "roles", admin)},
        };
        for (String[] attempt : attempts) {
            Reply reply = http.put(attempt[0]).bearer(token).json(attempt[1]).send();
            assertTrue(reply.status() == 403 || reply.status() == 400 || reply.status() == 404, attempt[0] + " -> " + reply);
        }
        assertEquals(403, http.post("/User").bearer(token).json(edited(mine, "id", Json.createValue("fresh-" + UUID.randomUUID())))
                .send().status(), "no resource-id on POST: the recipe does not create users");
        assertTrue(userAsRoot(user.id()).getJsonArray("roles").isEmpty(), "no roles gained");
        assertFalse(userAsRoot(other.id()).getBoolean("inactive", false), "the other untouched");
    }

    @Test
    void usersWithTheAdminRoleManageUsersRolesIncluded() {
        TestUser admin = TestUsers.user().roles("admin").create(http);
        TestUser plain = TestUsers.user().create(http);
        recipe("user-admins", "User", admin.id());
        recipe("user-admins", "User", plain.id()); // the same policy: it is the role that decides
        String adminToken = login(admin);
        String plainToken = login(plain);
        TestUser target = TestUsers.user().create(http);
        JsonValue roles = Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "nurse")).build();

        assertEquals(200, http.put("/User/" + target.id()).bearer(adminToken).json(edited(userAsRoot(target.id()), "roles", roles))
                .send().status());
        assertEquals("nurse", userAsRoot(target.id()).getJsonArray("roles").getJsonObject(0).getString("value"));
        assertEquals(200, http.put("/User/" + target.id()).bearer(adminToken)
                .json(edited(userAsRoot(target.id()), "inactive", JsonValue.TRUE)).send().status());
        assertEquals(201, http.post("/User").bearer(adminToken).json("{\"userName\":\"made-" + UUID.randomUUID()
                + "\",\"password\":\"p-" + UUID.randomUUID() + "\",\"roles\":[{\"value\":\"nurse\"}]}").send().status());
        assertEquals(200, http.get("/User/" + target.id()).bearer(adminToken).send().status());
        assertFalse(http.get("/User/" + target.id()).bearer(adminToken).send().json().containsKey("failedLogins"),
                "root-only bookkeeping stays root's");

        assertEquals(403, http.get("/User/" + target.id()).bearer(plainToken).send().status());
        assertEquals(403, http.put("/User/" + plain.id()).bearer(plainToken).json(edited(userAsRoot(plain.id()), "roles",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "admin")).build())).send().status(),
                "nobody grants themselves the role that the policy asks for");
    }

    @Test
    void aClientMayOnlyCreateResourcesOfOneType() {
        TestClient client = TestClients.confidential().create(http);
        policy("{\"request-method\":\"post\",\"resource-type\":\"Observation\"}", "Client", client.id());
        assertEquals(201, http.post("/Observation").basic(client.id(), client.secret()).json("{\"status\":\"final\"}").send().status());
        assertEquals(403, http.post("/Patient").basic(client.id(), client.secret()).json("{}").send().status());
        assertEquals(403, http.put("/Observation/o-" + UUID.randomUUID()).basic(client.id(), client.secret()).json("{}").send().status());
        assertEquals(403, http.get("/Observation").basic(client.id(), client.secret()).send().status());
        assertEquals(403, http.post("/AccessPolicy").basic(client.id(), client.secret()).json("{\"engine\":\"allow\"}").send().status());
    }

    @Test
    void clientsArePrivilegedToo() {
        TestClient manager = TestClients.confidential().create(http);
        TestClient managed = TestClients.confidential().create(http);
        policy("{\"resource-type\":\"Client\",\"request-method\":{\"$one-of\":[\"get\",\"put\"]}}", "Client", manager.id());
        JsonObject stored = http.get("/Client/" + managed.id()).basic(manager.id(), manager.secret()).send().json();
        var body = Json.createObjectBuilder(stored).remove("meta");
        assertEquals(200, http.put("/Client/" + managed.id()).basic(manager.id(), manager.secret())
                .json(body.add("description", "ok").build()).send().status());
        for (String field : new String[] {"secret", "grant_types", "auth", "introspection", "first_party", "scopes"}) {
            JsonValue value = switch (field) {
                case "first_party" -> JsonValue.TRUE;
                case "scopes" -> Json.createArrayBuilder().add("openid").add("admin").build();
                case "secret" -> Json.createValue("new-" + UUID.randomUUID());
                case "grant_types" -> Json.createArrayBuilder().add("password").add("client_credentials").build();
                case "auth" -> Json.createObjectBuilder().add("password", Json.createObjectBuilder().add("token_format", "jwt")).build();
                default -> Json.createValue("any");
            };
            Reply refused = http.put("/Client/" + managed.id()).basic(manager.id(), manager.secret())
                    .json(Json.createObjectBuilder(stored).remove("meta").add(field, value).build()).send();
            assertEquals(403, refused.status(), field);
            assertTrue(refused.body().contains(field), refused.body());
        }
    }

    @Test
    void explainSaysWhichPolicyAllowsOrWhereEachFails() {
        TestUser user = TestUsers.user().create(http);
        TestUser other = TestUsers.user().create(http);
        String own = recipe("own-user", "User", user.id());
        String onlyPatients = policy("{\"uri\":\"#/Patient.*\"}", "User", user.id());

        JsonObject allowed = http.post("/auth/explain").root().json("{\"user\":\"" + user.id() + "\",\"method\":\"GET\","
                + "\"uri\":\"/User/" + user.id() + "\"}").send().json();
        assertTrue(allowed.getBoolean("allowed"));
        assertEquals(own, allowed.getString("allowedBy"));

        Reply denied = http.post("/auth/explain").root().json("{\"user\":\"" + user.id() + "\",\"method\":\"get\","
                + "\"uri\":\"/User/" + other.id() + "\"}").send();
        assertEquals(200, denied.status(), denied.body());
        assertFalse(denied.json().getBoolean("allowed"));
        String verdicts = denied.json().getJsonArray("policies").toString();
        assertTrue(verdicts.contains("\"policy\":\"" + own + "\",\"allows\":false,\"firstMismatch\":\"resource-id\""), verdicts);
        assertTrue(verdicts.contains("\"policy\":\"" + onlyPatients + "\",\"allows\":false,\"firstMismatch\":\"uri\""), verdicts);

        JsonObject roles = http.post("/auth/explain").root().json("{\"user\":\"" + user.id() + "\",\"method\":\"put\","
                + "\"uri\":\"/User/" + user.id() + "\",\"body\":{\"userName\":\"" + user.userName()
                + "\",\"roles\":[{\"value\":\"admin\"}]}}").send().json();
        assertFalse(roles.getBoolean("allowed"));
        assertEquals("roles", roles.getJsonArray("privilegedFieldsChanged").getString(0));

        String token = login(user);
        String question = "{\"user\":\"" + user.id() + "\",\"method\":\"get\",\"uri\":\"/Patient/x\"}";
        assertEquals(403, http.post("/auth/explain").bearer(token).json(question).send().status(), "no policy allows it yet");
        policy("{\"uri\":\"/auth/explain\",\"request-method\":\"post\"}", "User", user.id());
        assertEquals(200, http.post("/auth/explain").bearer(token).json(question).send().status(),
                "like every endpoint, a policy may allow it (the console's administrators)");
        assertEquals(401, http.post("/auth/explain").json("{}").send().status());
        assertEquals(422, http.post("/auth/explain").root().json("{\"method\":\"get\",\"uri\":\"/x\"}").send().status());
    }

    @Test
    void aForbiddenRequestNeverExplainsItselfToItsCaller() {
        TestUser user = TestUsers.user().create(http);
        String secretPolicy = policy("{\"uri\":\"/Nothing\"}", "User", user.id());
        Reply reply = http.get("/Patient").bearer(login(user)).header("X-Debug", "policy").send();
        assertEquals(403, reply.status());
        assertFalse(reply.body().contains(secretPolicy), "policy ids are for root's explain endpoint");
        assertFalse(reply.body().contains("/Nothing"));
    }
}
