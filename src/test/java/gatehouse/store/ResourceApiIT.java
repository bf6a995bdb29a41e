package gatehouse.store;

import java.util.List;
import java.util.UUID;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/api.md#resources: the CRUD + search API over real HTTP, for an invented type and the built-in ones. */
class ResourceApiIT extends GatehouseIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void postWithoutIdThen201WithServerIdAndLocation() {
        Reply reply = http.post("/Patient").root().json("{\"resourceType\":\"Patient\",\"name\":\"Ann\"}").send();
        assertEquals(201, reply.status());
        JsonObject patient = reply.json();
        String id = patient.getString("id");
        assertTrue(reply.header("Location").endsWith("/Patient/" + id));
        assertEquals("Patient", patient.getString("resourceType"));
        assertEquals("1", patient.getJsonObject("meta").getString("versionId"));
        assertTrue(patient.getJsonObject("meta").getString("lastUpdated").endsWith("Z"));
        assertEquals("Ann", patient.getString("name"));
    }

    @Test
    void postWithFreeIdThenThatIdAndWithTakenIdThen409() {
        String id = unique("pt");
        assertEquals(201, http.post("/Patient").root().json("{\"id\":\"" + id + "\",\"v\":1}").send().status());
        assertEquals(id, http.get("/Patient/" + id).root().send().json().getString("id"));
        Reply taken = http.post("/Patient").root().json("{\"id\":\"" + id + "\",\"v\":2}").send();
        assertEquals(409, taken.status());
        assertOutcome(taken, "conflict");
        assertEquals(1, http.get("/Patient/" + id).root().send().json().getInt("v"), "unchanged by the 409");
    }

    @Test
    void putCreatesWith201ThenUpdatesWith200AndNextVersion() {
        String id = unique("pt");
        Reply created = http.put("/Patient/" + id).root().json("{\"name\":\"A\"}").send();
        assertEquals(201, created.status());
        Reply updated = http.put("/Patient/" + id).root().json("{\"name\":\"B\"}").send();
        assertEquals(200, updated.status());
        assertEquals("2", updated.json().getJsonObject("meta").getString("versionId"));
        assertEquals("B", http.get("/Patient/" + id).root().send().json().getString("name"));
    }

    @Test
    void getUnknownThen404OperationOutcome() {
        Reply reply = http.get("/Patient/" + unique("none")).root().send();
        assertEquals(404, reply.status());
        assertOutcome(reply, "not-found");
    }

    @Test
    void deleteReturnsTheResourceThenItIsGone() {
        String id = unique("pt");
        http.put("/Patient/" + id).root().json("{\"name\":\"Gone\"}").send();
        Reply deleted = http.delete("/Patient/" + id).root().send();
        assertEquals(200, deleted.status());
        assertEquals("Gone", deleted.json().getString("name"));
        assertEquals(404, http.get("/Patient/" + id).root().send().status());
        assertEquals(404, http.delete("/Patient/" + id).root().send().status());
    }

    @Test
    void searchPagesStablyByIdWithNextLinksAndTotal() {
        String batch = unique("batch");
        for (String id : new String[] {"c", "a", "b"}) {
            http.put("/Obs/" + batch + "-" + id).root().json("{\"batch\":\"" + batch + "\"}").send();
        }
        JsonObject page2 = http.get("/Obs?batch=" + batch + "&_count=1&_page=2").root().send().json();
        assertEquals("Bundle", page2.getString("resourceType"));
        assertEquals("searchset", page2.getString("type"));
        assertEquals(3, page2.getInt("total"));
        assertEquals(1, page2.getJsonArray("entry").size());
        assertEquals(batch + "-b", page2.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
        assertTrue(link(page2, "next").contains("_cursor="), "next links carry a cursor");
        assertNotNull(link(page2, "self"));
        JsonObject page3 = http.get(link(page2, "next").substring(link(page2, "next").indexOf("/Obs"))).root().send().json();
        assertEquals(batch + "-c", page3.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
        assertNull(link(page3, "next"));

        JsonObject last = http.get("/Obs?batch=" + batch + "&_count=2&_page=2").root().send().json();
        assertEquals(1, last.getJsonArray("entry").size());
        assertNull(link(last, "next"), "no next link on the last page");

        JsonObject beyond = http.get("/Obs?batch=" + batch + "&_count=2&_page=9").root().send().json();
        assertEquals(3, beyond.getInt("total"));
        assertEquals(0, beyond.getJsonArray("entry").size());

        JsonObject countOnly = http.get("/Obs?batch=" + batch + "&_count=0").root().send().json();
        assertEquals(3, countOnly.getInt("total"));
        assertEquals(0, countOnly.getJsonArray("entry").size());
    }

    @Test
    void searchFiltersOnDottedFieldsIdsAndSorts() {
        String batch = unique("batch");
        http.put("/Person/" + batch + "-1").root().json("{\"batch\":\"" + batch + "\",\"name\":{\"family\":\"Smith\"},\"age\":30}").send();
        http.put("/Person/" + batch + "-2").root().json("{\"batch\":\"" + batch + "\",\"name\":{\"family\":\"Jones\"},\"age\":40}").send();
        http.put("/Person/" + batch + "-3").root().json("{\"batch\":\"" + batch + "\",\"name\":{\"family\":\"Smith\"},\"age\":20}").send();

        JsonObject smiths = http.get("/Person?batch=" + batch + "&name.family=Smith").root().send().json();
        assertEquals(2, smiths.getInt("total"));

        JsonObject byAge = http.get("/Person?batch=" + batch + "&_sort=-age").root().send().json();
        assertEquals(batch + "-2", byAge.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id"));
        assertEquals(batch + "-3", byAge.getJsonArray("entry").getJsonObject(2).getJsonObject("resource").getString("id"));

        JsonObject byIds = http.get("/Person?_id=" + batch + "-1," + batch + "-3").root().send().json();
        assertEquals(2, byIds.getInt("total"));

        JsonObject byNumber = http.get("/Person?batch=" + batch + "&age=40").root().send().json();
        assertEquals(1, byNumber.getInt("total"));
    }

    @Test
    void searchWithUnknownUnderscoreParameterOrBadCountThen400() {
        assertOutcome(expect(400, http.get("/Patient?_foo=1").root().send()), "invalid");
        assertOutcome(expect(400, http.get("/Patient?_count=1001").root().send()), "invalid");
        assertOutcome(expect(400, http.get("/Patient?_count=-1").root().send()), "invalid");
        assertOutcome(expect(400, http.get("/Patient?_page=0").root().send()), "invalid");
    }

    @Test
    void yamlInAndOutRoundTrips() {
        String id = unique("pt");
        Reply created = http.put("/Patient/" + id).root()
                .body("application/x-yaml", "name: Ann\nactive: true\ncode: '012'\nborn: 2001-02-03\nlist: [1, 2.5, no]\n")
                .accept("text/yaml").send();
        assertEquals(201, created.status());
        assertTrue(created.header("Content-Type").startsWith("text/yaml"));
        assertTrue(created.body().contains("resourceType: Patient"));
        JsonObject json = http.get("/Patient/" + id).root().send().json();
        assertTrue(json.getBoolean("active"));
        assertEquals("012", json.getString("code"));
        assertEquals("2001-02-03", json.getString("born"), "dates stay strings");
        assertEquals("no", json.getJsonArray("list").getString(2), "no is a string, as in JSON");
        Reply yaml = http.get("/Patient/" + id).root().accept("application/yaml").send();
        Reply back = http.put("/Patient/" + id).root().yaml(yaml.body()).send();
        assertEquals(200, back.status());
        JsonObject again = back.json();
        assertEquals(json.getString("born"), again.getString("born"));
        assertEquals(json.getJsonArray("list"), again.getJsonArray("list"));
    }

    @Test
    void clientSecretIsWriteOnly() {
        String id = unique("app");
        Reply created = http.put("/Client/" + id).root().yaml("secret: verysecret\ngrant_types: [password]\n").send();
        assertEquals(201, created.status());
        assertFalse(created.body().contains("verysecret"));
        assertFalse(created.json().containsKey("secret"));
        assertFalse(http.get("/Client/" + id).root().send().body().contains("verysecret"));
        assertFalse(http.get("/Client?_id=" + id).root().send().body().contains("verysecret"));
        assertEquals(1, http.get("/Client?_id=" + id).root().send().json().getInt("total"));
    }

    @Test
    void userPasswordIsWriteOnly() {
        String id = unique("u");
        Reply created = http.put("/User/" + id).root().json("{\"email\":\"" + id + "@example.com\",\"password\":\"p4ssw0rd-xyz\"}").send();
        assertEquals(201, created.status());
        assertFalse(created.body().contains("p4ssw0rd-xyz"));
        assertFalse(http.get("/User/" + id).root().send().body().contains("p4ssw0rd"));
        assertFalse(http.get("/User?_id=" + id).root().send().body().contains("p4ssw0rd"));
    }

    @Test
    void invalidBuiltInAttributesThen422() {
        assertOutcome(expect(422, http.put("/Client/" + unique("c")).root().json("{\"grant_types\":[\"magic\"]}").send()), "invalid");
        assertOutcome(expect(422, http.put("/Client/" + unique("c")).root().json("{\"auth\":{\"password\":{\"token_format\":\"xml\"}}}").send()), "invalid");
        assertOutcome(expect(422, http.put("/User/" + unique("u")).root().json("{\"password\":42}").send()), "invalid");
        assertOutcome(expect(422, http.put("/User/" + unique("u")).root().json("{\"roles\":[\"admin\"]}").send()), "invalid");
        assertOutcome(expect(422, http.put("/User/" + unique("u")).root().json("{\"userName\":\"" + "n".repeat(257) + "\"}").send()), "invalid");
        assertOutcome(expect(422, http.put("/User/" + unique("u")).root().json("{\"roles\":[{\"value\":\"" + "r".repeat(257) + "\"}]}").send()), "invalid");
    }

    @Test
    void duplicateUserNameThen409() {
        String name = unique("name");
        assertEquals(201, http.put("/User/" + unique("u")).root().json("{\"userName\":\"" + name + "\"}").send().status());
        assertOutcome(expect(409, http.put("/User/" + unique("u")).root().json("{\"userName\":\"" + name + "\"}").send()), "conflict");
    }

    @Test
    void badInputGets4xxAndChangesNothing() {
        String id = unique("pt");
        http.put("/Patient/" + id).root().json("{\"name\":\"Keep\"}").send();
        String path = "/Patient/" + id;
        assertOutcome(expect(400, http.put(path).root().json("{\"name\":").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().yaml("name: [unclosed").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().json("[1,2]").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().json("").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().json("{\"a\":1,\"a\":2}").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().json("{\"resourceType\":\"Observation\"}").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().json("{\"id\":\"other\"}").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().yaml("? [a]\n: b\n").send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().yaml(aliasBomb()).send()), "invalid");
        assertOutcome(expect(400, http.put(path).root().body("application/json", new byte[] {(byte) 0xC3, 0x28}).send()), "invalid");
        assertOutcome(expect(415, http.put(path).root().body("text/plain", "name: x").send()), "not-supported");
        assertOutcome(expect(413, http.put(path).root().json("{\"x\":\"" + "a".repeat(1024 * 1024) + "\"}").send()), "too-costly");
        assertOutcome(expect(405, http.method("PATCH", path).root().json("{}").send()), "not-supported");
        assertOutcome(expect(400, http.put("/Patient/bad%20id").root().json("{}").send()), "invalid");
        assertOutcome(expect(400, http.put("/Patient/" + "x".repeat(65)).root().json("{}").send()), "invalid");
        assertOutcome(expect(400, http.get("/patient/" + id).root().send()), "invalid");

        JsonObject after = http.get(path).root().send().json();
        assertEquals("Keep", after.getString("name"));
        assertEquals("1", after.getJsonObject("meta").getString("versionId"));
        assertEquals(404, http.get("/Patient/other").root().send().status());
    }

    @Test
    void sessionsCannotBeCreatedByClients() {
        assertOutcome(expect(405, http.post("/Session").root().json("{}").send()), "not-supported");
        assertOutcome(expect(405, http.put("/Session/" + unique("s")).root().json("{}").send()), "not-supported");
    }

    @Test
    void withoutCredentialsThen401AndWithWrongRootSecretThen401() {
        Reply anonymous = expect(401, http.get("/Patient").send());
        assertOutcome(anonymous, "login");
        assertTrue(anonymous.headers().allValues("WWW-Authenticate").stream().anyMatch(v -> v.startsWith("Basic")));
        Reply wrong = expect(401, http.get("/Patient").basic("root", "wrong").send());
        assertOutcome(wrong, "login");
        assertTrue(wrong.header("WWW-Authenticate").startsWith("Basic realm=\"gatehouse\""));
        assertOutcome(expect(401, http.get("/Patient").header("Authorization", "Digest x").send()), "login");
    }

    private static String aliasBomb() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    static Reply expect(int status, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        return reply;
    }

    @Test
    void everyAnswerSaysNosniffAndEveryOneThatMayCarryUserDataSaysNoStore() {
        String id = unique("pt");
        assertEquals(201, http.put("/Patient/" + id).root().json("{\"name\":\"Nosniff\"}").send().status());
        for (Reply reply : List.of(
                http.get("/Patient/" + id).root().send(),
                http.get("/Patient?_count=1").root().send(),
                http.get("/User").root().send(),
                http.get("/Patient/" + id).root().accept("text/yaml").send(),
                http.get("/Patient/" + unique("none")).root().send(),
                http.get("/Patient").send(),
                http.put("/Patient/" + id).root().body("text/plain", "x").send(),
                http.post("/auth/token").form("grant_type", "password").send(),
                http.get("/auth/userinfo").bearer("nonsense").send())) {
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply.toString());
            assertEquals("no-store", reply.header("Cache-Control"), reply.toString());
        }
        for (String discovery : List.of("/.well-known/jwks.json", "/.well-known/openid-configuration", "/.well-known/nothing")) {
            Reply reply = http.get(discovery).send();
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), discovery);
            assertNull(reply.header("Cache-Control"), "discovery may be cached: " + discovery);
        }
    }

    @Test
    void locationAndBundleLinksComeFromTheIssuerNeverFromTheHostHeader() {
        String issuer = http.get("/.well-known/openid-configuration").send().json().getString("issuer");
        for (String host : List.of("evil.example", "evil.example:443", "127.0.0.1:1")) {
            Reply created = http.post("/Patient").root().header("Host", host).json("{\"name\":\"Host\"}").send();
            assertEquals(201, created.status());
            assertEquals(issuer + "/Patient/" + created.json().getString("id"), created.header("Location"));
            Reply put = http.put("/Patient/" + unique("pt")).root().header("Host", host).header("X-Forwarded-Host", host)
                    .json("{\"name\":\"Host\"}").send();
            assertTrue(put.header("Location").startsWith(issuer + "/Patient/"), put.header("Location"));
            Reply bundle = http.get("/Patient?_count=1").root().header("Host", host).send();
            for (JsonValue link : bundle.json().getJsonArray("link")) {
                assertTrue(link.asJsonObject().getString("url").startsWith(issuer + "/Patient?"), link.toString());
            }
        }
    }

    static void assertOutcome(Reply reply, String code) {
        JsonObject outcome = reply.json();
        assertEquals("OperationOutcome", outcome.getString("resourceType"));
        JsonObject issue = outcome.getJsonArray("issue").getJsonObject(0);
        assertEquals("error", issue.getString("severity"));
        assertEquals(code, issue.getString("code"));
        assertFalse(issue.getString("diagnostics").isBlank());
        assertFalse(reply.body().contains("Exception"), "no stack traces or exception names");
    }

    private static String link(JsonObject bundle, String relation) {
        return bundle.getJsonArray("link").stream()
                .map(jakarta.json.JsonValue::asJsonObject)
                .filter(l -> relation.equals(l.getString("relation")))
                .map(l -> l.getString("url"))
                .findFirst().orElse(null);
    }
}
