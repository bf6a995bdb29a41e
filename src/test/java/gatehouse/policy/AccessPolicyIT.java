package gatehouse.policy;

import java.util.UUID;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/access-policies.md: a user's token may do what an AccessPolicy allows its user, and
 * nothing else. Every policy here is linked to a user or client of its own test,
 * or matches only paths of its own test, so tests cannot open doors for each other.
 */
class AccessPolicyIT extends GatehouseIT {

    private TestClient client;
    private TestUser user;
    private String token;

    @BeforeEach
    void login() {
        client = TestClients.confidential().create(http);
        user = TestUsers.user().create(http);
        token = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password())
                .send().json().getString("access_token");
    }

    private String policy(String body) {
        String id = "policy-" + UUID.randomUUID();
        Reply reply = http.put("/AccessPolicy/" + id).root().json(body).send();
        assertEquals(201, reply.status(), reply.body());
        return id;
    }

    private String linkTo(String type, String id) {
        return "\"link\":[{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"}]";
    }

    @Test
    void withoutPolicyUserTokenGets403() {
        Reply reply = http.get("/Patient").bearer(token).send();
        assertEquals(403, reply.status());
        String diagnostics = reply.json().getJsonArray("issue").getJsonObject(0).getString("diagnostics");
        assertTrue(diagnostics.contains("no access policy"));
    }

    @Test
    void allowPolicyLinkedToTheUserGivesFullAccess() {
        policy("{\"engine\":\"allow\"," + linkTo("User", user.id()) + "}");
        assertEquals(200, http.get("/Patient").bearer(token).send().status());
        String id = "pt-" + UUID.randomUUID();
        assertEquals(201, http.put("/Patient/" + id).bearer(token).json("{\"name\":\"x\"}").send().status());
        assertEquals(200, http.delete("/Patient/" + id).bearer(token).send().status());
    }

    @Test
    void matchoPolicyAllowsGetOfPatientsButNotPost() {
        policy("{\"engine\":\"matcho\",\"matcho\":{\"request-method\":\"get\",\"uri\":\"#/Patient.*\"}," + linkTo("User", user.id()) + "}");
        assertEquals(200, http.get("/Patient").bearer(token).send().status());
        assertEquals(404, http.get("/Patient/" + UUID.randomUUID()).bearer(token).send().status());
        assertEquals(403, http.post("/Patient").bearer(token).json("{}").send().status());
        assertEquals(403, http.get("/Observation").bearer(token).send().status());
        assertEquals(403, http.get("/Practitioner/Patient").bearer(token).send().status(), "the regex must match the whole uri");
    }

    @Test
    void matchoOnUserAndParams() {
        policy("{\"engine\":\"matcho\",\"matcho\":{\"user\":{\"id\":\"" + user.id() + "\"},\"params\":{\"_count\":\"1\"}}}");
        assertEquals(200, http.get("/Patient?_count=1").bearer(token).send().status());
        assertEquals(403, http.get("/Patient?_count=2").bearer(token).send().status());
        assertEquals(403, http.get("/Patient").bearer(token).send().status(), "a missing key fails");
    }

    @Test
    void policyLinkedToAnotherUserDoesNotApply() {
        TestUser other = TestUsers.user().create(http);
        policy("{\"engine\":\"allow\"," + linkTo("User", other.id()) + "}");
        assertEquals(403, http.get("/Patient").bearer(token).send().status());
    }

    @Test
    void policyLinkedToTheClientAppliesToItsUsersTokensAndToTheClientItself() {
        policy("{\"engine\":\"matcho\",\"matcho\":{\"request-method\":\"get\"}," + linkTo("Client", client.id()) + "}");
        assertEquals(200, http.get("/Patient").bearer(token).send().status());
        assertEquals(200, http.get("/Patient").basic(client.id(), client.secret()).send().status());
        assertEquals(403, http.post("/Patient").basic(client.id(), client.secret()).json("{}").send().status());
    }

    @Test
    void unlinkedPolicyAppliesToEveryAuthenticatedCaller() {
        String type = "Note" + UUID.randomUUID().toString().replace("-", "");
        policy("{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"#/" + type + ".*\",\"request-method\":\"get\"}}");
        assertEquals(200, http.get("/" + type).bearer(token).send().status());
        assertEquals(401, http.get("/" + type).send().status(), "but never to anonymous callers");
    }

    @Test
    void deletingThePolicyTakesEffectOnTheNextRequest() {
        String id = policy("{\"engine\":\"allow\"," + linkTo("User", user.id()) + "}");
        assertEquals(200, http.get("/Patient").bearer(token).send().status());
        assertEquals(200, http.delete("/AccessPolicy/" + id).root().send().status());
        assertEquals(403, http.get("/Patient").bearer(token).send().status());
    }

    @Test
    void updatingThePolicyTakesEffectOnTheNextRequest() {
        String id = policy("{\"engine\":\"allow\"," + linkTo("User", user.id()) + "}");
        assertEquals(201, http.post("/Patient").bearer(token).json("{}").send().status());
        assertEquals(200, http.put("/AccessPolicy/" + id).root()
                .json("{\"engine\":\"matcho\",\"matcho\":{\"request-method\":\"get\"}," + linkTo("User", user.id()) + "}").send().status());
        assertEquals(403, http.post("/Patient").bearer(token).json("{}").send().status());
        assertEquals(200, http.get("/Patient").bearer(token).send().status());
    }

    @Test
    void rolesAllowedHoldsEvenWhereAPolicyAllowsEverything() { // @RolesAllowed narrows what a policy allows
        policy("{\"engine\":\"allow\"," + linkTo("User", user.id()) + "}");
        assertEquals(200, http.get("/Patient").bearer(token).send().status(), "the policy lets the user in elsewhere");
        assertEquals(403, http.post("/auth/test/clock?advance=0").bearer(token).send().status(), "root only");
        TestClient other = TestClients.confidential().create(http);
        policy("{\"engine\":\"allow\"," + linkTo("Client", other.id()) + "}");
        assertEquals(403, http.post("/auth/test/clock?advance=0").basic(other.id(), other.secret()).send().status());
        assertEquals(401, http.post("/auth/test/clock?advance=0").send().status());
        assertEquals(200, http.post("/auth/test/clock?advance=0").root().send().status());
    }

    @Test
    void aBodylessPostToAServerEndpointIsJudgedWithoutABodyUnderABodyReadingPolicy() {
        policy("{\"engine\":\"matcho\",\"matcho\":{\"request-method\":\"post\",\"body\":\"nil?\"}," + linkTo("User", user.id()) + "}");
        assertEquals(403, http.post("/auth/test/clock?advance=0").bearer(token).send().status(),
                "the policy allows it, @RolesAllowed refuses it; no 400 for a body it never needed");
        assertEquals(400, http.post("/Patient").bearer(token).send().status(), "a resource write without a body is refused");
    }

    @Test
    void noUserCanHoldTheRootGroupAsARole() { // the root group is reserved: a role of that name would make its user root
        for (String role : new String[] {"gatehouse:root", "gatehouse:anything"}) {
            Reply reply = http.put("/User/" + user.id()).root()
                    .json("{\"userName\":\"" + user.userName() + "\",\"roles\":[{\"value\":\"" + role + "\"}]}").send();
            assertEquals(422, reply.status(), role);
        }
        assertEquals(403, http.post("/auth/test/clock?advance=0").bearer(token).send().status());
    }

    @Test
    void emptyOrUnresolvableLinksThen422() { // neither may be read as "every caller"
        String nobody = "{\"resourceType\":\"User\",\"id\":\"no-such-user-" + UUID.randomUUID() + "\"}";
        String noClient = "{\"resourceType\":\"Client\",\"id\":\"no-such-client-" + UUID.randomUUID() + "\"}";
        for (String link : new String[] {"[]", "[" + nobody + "]", "[" + nobody + "," + noClient + "]"}) {
            for (String engine : new String[] {"{\"engine\":\"allow\",", "{\"engine\":\"matcho\",\"matcho\":{},"}) {
                String id = "policy-" + UUID.randomUUID();
                Reply reply = http.put("/AccessPolicy/" + id).root().json(engine + "\"link\":" + link + "}").send();
                assertEquals(422, reply.status(), link);
                assertTrue(reply.body().contains("link"), reply.body());
                assertEquals(404, http.get("/AccessPolicy/" + id).root().send().status());
            }
        }
        assertEquals(403, http.get("/Patient").bearer(token).send().status(), "and nothing was opened");
        policy("{\"engine\":\"allow\",\"link\":[" + nobody + ",{\"resourceType\":\"User\",\"id\":\"" + user.id() + "\"}]}");
        assertEquals(200, http.get("/Patient").bearer(token).send().status(), "one link that resolves is enough");
    }

    @Test
    void searchAlternativesCannotWidenWhatAParamsPolicyAllows() { // every alternative must pass
        String org = "org-" + UUID.randomUUID();
        policy("{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"/Patient\",\"params\":{\"org\":\"" + org + "\"}},"
                + linkTo("User", user.id()) + "}");
        assertEquals(200, http.get("/Patient?org=" + org).bearer(token).send().status());
        for (String query : new String[] {"org=" + org + ",other", "org=other," + org, "org=" + org + "%2Cother", "org=" + org + ",",
                "org=" + org + "&org=other", "org=other&org=" + org, "org=" + org + ",other&_count=1"}) {
            assertEquals(403, http.get("/Patient?" + query).bearer(token).send().status(), query);
        }
        String[] ids = {"pt-" + UUID.randomUUID(), "pt-" + UUID.randomUUID()};
        policy("{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"/Observation\",\"params\":{\"_id\":\"#" + ids[0] + "\"}},"
                + linkTo("User", user.id()) + "}");
        assertEquals(200, http.get("/Observation?_id=" + ids[0]).bearer(token).send().status());
        assertEquals(403, http.get("/Observation?_id=" + ids[0] + "," + ids[1]).bearer(token).send().status());
        StringBuilder explosion = new StringBuilder("/Patient?");
        for (int i = 0; i < 8; i++) {
            explosion.append("org=").append(org).append(',').append(org).append('&');
        }
        assertEquals(403, http.get(explosion.toString()).bearer(token).send().status(), "2^8 alternatives: too many to check");
    }

    @Test
    void ownSessionEndpointsNeedNoPolicy() {
        assertEquals(200, http.get("/auth/userinfo").bearer(token).send().status());
        assertEquals(200, http.delete("/Session").bearer(token).send().status());
    }

    @Test
    void invalidPoliciesAreRefusedWith422AndNotStored() {
        String[] invalid = {
                "{}",
                "{\"engine\":\"deny\"}",
                "{\"engine\":\"matcho\"}",
                "{\"engine\":\"matcho\",\"matcho\":\"get\"}",
                "{\"engine\":\"allow\",\"matcho\":{\"uri\":\"/x\"}}",
                "{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"#/Patient[\"}}",
                "{\"engine\":\"allow\",\"link\":[{\"resourceType\":\"Patient\",\"id\":\"p\"}]}",
                "{\"engine\":\"allow\",\"link\":{\"resourceType\":\"User\",\"id\":\"u\"}}",
                "{\"engine\":\"allow\",\"link\":[{\"resourceType\":\"User\"}]}",
        };
        for (String body : invalid) {
            String id = "policy-" + UUID.randomUUID();
            Reply reply = http.put("/AccessPolicy/" + id).root().json(body).send();
            assertEquals(422, reply.status(), body);
            assertEquals("invalid", reply.json().getJsonArray("issue").getJsonObject(0).getString("code"));
            assertEquals(404, http.get("/AccessPolicy/" + id).root().send().status());
        }
        Reply badRegex = http.post("/AccessPolicy").root().json("{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"#(\"}}").send();
        assertTrue(badRegex.json().getJsonArray("issue").getJsonObject(0).getString("diagnostics").contains("matcho.uri"));
    }

    @Test
    void policiesAreOrdinaryResourcesInYamlToo() {
        String id = "policy-" + UUID.randomUUID();
        Reply reply = http.put("/AccessPolicy/" + id).root()
                .yaml("engine: matcho\nmatcho:\n  request-method: get\nlink:\n- resourceType: User\n  id: " + user.id() + "\n").send();
        assertEquals(201, reply.status());
        assertEquals(200, http.get("/Patient").bearer(token).send().status());
        assertFalse(http.get("/AccessPolicy/" + id).root().accept("text/yaml").send().body().isBlank());
    }
}
