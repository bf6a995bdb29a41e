package gatehouse.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/search.md: search runs in the database, the same on H2 and PostgreSQL
 * (the -Ppostgres run). Each test searches a resource type of its own, so the
 * shared database's other data never answers for it.
 */
class SearchIT extends GatehouseIT {

    private String type;

    @BeforeEach
    void ownType() {
        type = "Srch" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private void put(String id, String json) {
        Reply reply = http.put("/" + type + "/" + id).root().json(json).send();
        assertTrue(reply.status() == 201 || reply.status() == 200, reply.body());
    }

    private JsonObject search(String query) {
        Reply reply = http.get("/" + type + "?" + query).root().send();
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static List<String> ids(JsonObject bundle) {
        return bundle.getJsonArray("entry").stream()
                .map(entry -> entry.asJsonObject().getJsonObject("resource").getString("id")).toList();
    }

    private List<String> ids(String query) {
        return ids(search(query));
    }

    private static String next(JsonObject bundle) {
        return bundle.getJsonArray("link").stream().map(JsonValue::asJsonObject)
                .filter(link -> link.getString("relation").equals("next")).map(link -> link.getString("url"))
                .findFirst().orElse(null);
    }

    /** Every id, following next links from the first page. */
    private List<String> walk(String query) {
        List<String> all = new ArrayList<>();
        JsonObject page = search(query);
        all.addAll(ids(page));
        for (int guard = 0; next(page) != null && guard < 100; guard++) {
            page = follow(next(page));
            all.addAll(ids(page));
        }
        return all;
    }

    private JsonObject follow(String url) {
        Reply reply = http.get(url.substring(url.indexOf("/" + type))).root().send();
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void dottedPathsMatchWhenAnyArrayElementMatches() {
        put("p1", "{\"name\":[{\"family\":\"Smith\",\"given\":[\"Ann\",\"Beth\"]},{\"family\":\"Jones\"}]}");
        put("p2", "{\"name\":{\"family\":\"Jones\",\"given\":\"Carl\"}}");
        put("p3", "{\"name\":[{\"family\":[\"Doe\",\"Smith\"]}]}");
        put("p4", "{\"name\":\"Smith\"}");

        assertEquals(List.of("p1", "p3"), ids("name.family=Smith"));
        assertEquals(List.of("p1", "p2"), ids("name.family=Jones"));
        assertEquals(List.of("p1"), ids("name.given=Beth"));
        assertEquals(List.of("p2"), ids("name.given=Carl"));
        assertEquals(List.of("p4"), ids("name=Smith"), "the object itself is no value; a string is");
        assertEquals(List.of(), ids("name.family=smith"), "exact and case-sensitive");
        assertEquals(List.of("p1", "p2", "p3"), ids("name.family=Jones,Doe"), "a comma: any of them");
        assertEquals(List.of("p1"), ids("name.family=Jones&name.family=Smith"), "repeated: all of them");
        assertEquals(List.of("p1"), ids("name.family=Jones&name.given=Ann"));
        assertEquals(List.of("p3"), ids("_id=p3,p4&name.family=Smith"));
    }

    @Test
    void prefixesCompareNumbersAndDates() {
        put("a", "{\"age\":20,\"birthDate\":\"1980-05-01\",\"seen\":\"2026-11-01T10:00:00Z\",\"code\":\"07\"}");
        put("b", "{\"age\":30.5,\"birthDate\":\"1990-01-15\",\"seen\":\"2026-11-01T12:00:00+01:00\",\"code\":\"7\"}");
        put("c", "{\"age\":40,\"birthDate\":\"2000-12\",\"seen\":\"2026-11-02T00:00:00Z\"}");
        put("d", "{\"age\":\"forty\"}");

        assertEquals(List.of("b", "c"), ids("age=gt20"));
        assertEquals(List.of("a", "b", "c"), ids("age=ge20"));
        assertEquals(List.of("a"), ids("age=lt30.5"));
        assertEquals(List.of("a", "b"), ids("age=le30.5"));
        assertEquals(List.of("b"), ids("age=30.50"), "numbers compare as numbers");
        assertEquals(List.of("b", "c", "d"), ids("age=ne20"), "ne: no value equal, a missing or non-number one included");
        assertEquals(List.of("d"), ids("age=forty"));
        assertEquals(List.of("b"), ids("code=7"), "strings compare as text: \"07\" is not \"7\"");
        assertEquals(List.of("a"), ids("code=07"));

        assertEquals(List.of("b", "c"), ids("birthDate=gt1980-05-01"));
        assertEquals(List.of("a", "b"), ids("birthDate=lt2000-01-01"));
        assertEquals(List.of("b"), ids("birthDate=1990-01"), "a month: every day of it");
        assertEquals(List.of("b"), ids("birthDate=1990"), "a year: every day of it");
        assertEquals(List.of("a"), ids("birthDate=lt1990"));
        assertEquals(List.of("b", "c"), ids("birthDate=ge1981"));
        assertEquals(List.of("c"), ids("birthDate=ge2000-12-01"), "2000-12 starts on the 1st");
        assertEquals(List.of("a", "b"), ids("seen=2026-11-01"), "a day: every instant of it, UTC");
        assertEquals(List.of("a"), ids("seen=lt2026-11-01T11:00:00Z"), "12:00+01:00 is 11:00Z: not before 11:00Z");
        assertEquals(List.of("a", "b"), ids("seen=le2026-11-01T11:00:00Z"));
        assertEquals(List.of("c"), ids("seen=gt2026-11-01"));
        assertEquals(List.of("a", "b", "c", "d"), ids("birthDate=ne1850-01-01"));

        String before = Instant.now().minusSeconds(3600).toString();
        assertEquals(4, search("_lastUpdated=ge" + encoded(before)).getInt("total"));
        assertEquals(0, search("_lastUpdated=lt" + encoded(before)).getInt("total"));
    }

    @Test
    void missingModifier() {
        put("a", "{\"nick\":\"x\",\"tags\":[\"t\"]}");
        put("b", "{\"nick\":null,\"tags\":[]}");
        put("c", "{}");
        assertEquals(List.of("b", "c"), ids("nick:missing=true"));
        assertEquals(List.of("a"), ids("nick:missing=false"));
        assertEquals(List.of("b", "c"), ids("tags:missing=true"), "an empty list holds no value");
    }

    @Test
    void sortBySeveralKeysMissingLastTiesByIdAcrossPages() {
        put("r1", "{\"rank\":2,\"name\":\"b\"}");
        put("r2", "{\"rank\":1,\"name\":\"z\"}");
        put("r3", "{\"rank\":2,\"name\":\"a\"}");
        put("r4", "{\"name\":\"c\"}");
        put("r5", "{\"rank\":2,\"name\":\"a\"}");
        put("r6", "{\"rank\":1}");
        put("r7", "{}");

        assertEquals(List.of("r2", "r6", "r1", "r3", "r5", "r4", "r7"), ids("_sort=rank"));
        assertEquals(List.of("r5", "r3", "r1", "r6", "r2", "r7", "r4"), ids("_sort=-rank"),
                "descending, ties by id descending too, and still missing last");
        assertEquals(List.of("r2", "r6", "r1", "r5", "r3", "r4", "r7"), ids("_sort=rank,-name"),
                "ties on every key: by id in the direction of the last key");
        assertEquals(List.of("r2", "r6", "r3", "r5", "r1", "r4", "r7"), ids("_sort=rank,name"));
        assertEquals(List.of("r3", "r5", "r1", "r4", "r2", "r6", "r7"), ids("_sort=name,rank"));

        for (String sort : new String[] {"rank", "-rank", "rank,name", "rank,-name", "-name,rank", "name", "-_lastUpdated"}) {
            List<String> whole = ids("_sort=" + sort);
            for (int count = 1; count <= 3; count++) {
                assertEquals(whole, walk("_sort=" + sort + "&_count=" + count), "cursor pages of " + count + " by " + sort);
                List<String> byPage = new ArrayList<>();
                for (int page = 1; page <= 8; page++) {
                    byPage.addAll(ids("_sort=" + sort + "&_count=" + count + "&_page=" + page));
                }
                assertEquals(whole, byPage, "_page pages of " + count + " by " + sort);
            }
        }
    }

    @Test
    void stringsNumbersAndDatesSortByKindThenValue() {
        put("s", "{\"v\":\"apple\"}");
        put("n1", "{\"v\":10}");
        put("n2", "{\"v\":9}");
        put("n3", "{\"v\":-1.5}");
        put("t", "{\"v\":\"2020-01-01\"}");
        put("b", "{\"v\":true}");
        assertEquals(List.of("n3", "n2", "n1", "t", "s", "b"), ids("_sort=v"));
    }

    @Test
    void cursorsStayCorrectAcrossInsertsAndDeletes() {
        for (int i = 10; i < 20; i++) {
            put("c" + i, "{\"n\":" + i + "}");
        }
        JsonObject first = search("_sort=n&_count=4");
        assertEquals(List.of("c10", "c11", "c12", "c13"), ids(first));
        put("c05", "{\"n\":5}");   // before the page: not seen again
        put("c155", "{\"n\":15.5}"); // ahead: seen once
        assertEquals(200, http.delete("/" + type + "/c14").root().send().status()); // ahead, gone
        List<String> rest = new ArrayList<>();
        JsonObject page = follow(next(first));
        rest.addAll(ids(page));
        while (next(page) != null) {
            page = follow(next(page));
            rest.addAll(ids(page));
        }
        assertEquals(List.of("c15", "c155", "c16", "c17", "c18", "c19"), rest);
    }

    @Test
    void tamperedOrForeignCursorsAndTooDeepPagesThen400() {
        for (int i = 0; i < 3; i++) {
            put("x" + i, "{\"k\":\"v\",\"n\":" + i + "}");
        }
        String next = next(search("k=v&_sort=n&_count=1"));
        String cursor = next.substring(next.indexOf("_cursor=") + 8).split("&")[0];
        assertEquals(200, http.get("/" + type + "?k=v&_sort=n&_count=1&_cursor=" + cursor).root().send().status());
        assertEquals(200, http.get("/" + type + "?k=v&_sort=n&_count=2&_cursor=" + cursor).root().send().status(),
                "the page size may change between pages");
        List<String> refused = new ArrayList<>();
        refused.add("k=w&_sort=n&_cursor=" + cursor); // another search
        refused.add("k=v&_sort=-n&_cursor=" + cursor); // another order
        refused.add("k=v&_cursor=" + cursor);
        int mac = cursor.indexOf('.') + 1;
        refused.add("k=v&_sort=n&_cursor=" + cursor.substring(0, mac) + (cursor.charAt(mac) == 'A' ? 'B' : 'A')
                + cursor.substring(mac + 1));
        char firstChar = cursor.charAt(0);
        refused.add("k=v&_sort=n&_cursor=" + (firstChar == 'e' ? 'f' : 'e') + cursor.substring(1));
        refused.add("k=v&_sort=n&_cursor=garbage");
        refused.add("k=v&_sort=n&_cursor=.");
        refused.add("k=v&_sort=n&_cursor=" + encoded("{\"k\":[1],\"i\":\"x\"}"));
        refused.add("k=v&_sort=n&_cursor=" + cursor + "&_page=2");
        refused.add("_page=101");
        refused.add("_page=2147483647&_count=1000");
        for (String query : refused) {
            Reply reply = http.get("/" + type + "?" + query).root().send();
            assertEquals(400, reply.status(), query + " -> " + reply.body());
            assertEquals("OperationOutcome", reply.json().getString("resourceType"));
        }
        assertTrue(http.get("/" + type + "?_page=101").root().send().body().contains("next"), "points to the next links");
        assertEquals(200, http.get("/" + type + "?_page=100").root().send().status());
    }

    @Test
    void elementsAndTotalNone() {
        put("e1", "{\"name\":\"A\",\"birthDate\":\"1970-01-01\",\"org\":\"o\"}");
        put("e2", "{\"name\":\"B\",\"org\":\"o\"}");
        JsonObject bundle = search("org=o&_elements=name,birthDate");
        JsonObject first = bundle.getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
        assertEquals(Set.of("resourceType", "id", "meta", "name", "birthDate"), first.keySet());
        JsonObject noTotal = search("org=o&_total=none&_count=1");
        assertFalse(noTotal.containsKey("total"));
        assertEquals(List.of("e1"), ids(noTotal));
        assertEquals(List.of("e2"), ids(follow(next(noTotal))));
        assertEquals(2, search("org=o&_total=accurate").getInt("total"));
    }

    @Test
    void writeOnlyAndInternalFieldsAreNeverSearchableSortableOrSelectable() {
        TestUser user = TestUsers.user().create(http);
        for (String query : new String[] {"password=" + encoded(user.password()), "password:missing=false", "_sort=password",
                "passwordHash=x", "_elements=password", "data.secret=x"}) {
            assertEquals(400, http.get("/User?" + query).root().send().status(), query);
        }
        for (String query : new String[] {"secret=x", "secretHash:missing=false", "_sort=-secret", "_elements=secret"}) {
            assertEquals(400, http.get("/Client?" + query).root().send().status(), query);
        }
        for (String query : new String[] {"accessHash=x", "refreshHash:missing=true", "_sort=accessHash"}) {
            assertEquals(400, http.get("/Session?" + query).root().send().status(), query);
        }
        // bookkeeping only root sees: root may search it, anyone else is refused as if it were not there
        assertEquals(200, http.get("/User?failedLogins=ge0&_id=" + user.id()).root().send().status());
        TestUser reader = TestUsers.user().create(http);
        String policy = "policy-" + UUID.randomUUID();
        assertEquals(201, http.put("/AccessPolicy/" + policy).root().json("{\"engine\":\"matcho\",\"matcho\":"
                + "{\"resource-type\":\"User\",\"request-method\":\"get\"},\"link\":[{\"resourceType\":\"User\",\"id\":\""
                + reader.id() + "\"}]}").send().status());
        String token = login(reader);
        assertEquals(200, http.get("/User?_id=" + user.id()).bearer(token).send().status());
        for (String query : new String[] {"failedLogins=ge0", "lockedUntil:missing=false", "_sort=lockedUntil",
                "_elements=failedLogins"}) {
            Reply reply = http.get("/User?" + query).bearer(token).send();
            assertEquals(400, reply.status(), query);
        }
    }

    private String login(TestUser user) {
        TestClient client = TestClients.confidential().create(http);
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password())
                .send().json().getString("access_token");
    }

    @Test
    void badSearchValuesThen400AndOddOnesNever500() {
        for (String query : new String[] {"exp=2026-13-01", "exp=xx2026", "exp=gtsoon", "closed=yesterday", "nope=1",
                "user.resourceType=User", "lastUsed:exact=2026", "exp:missing=maybe", "_sort=nope", "_total=some",
                "_count=1001", "user.id%3Amissing=true&_sort=exp,exp"}) {
            Reply reply = http.get("/Session?" + query).root().send();
            assertEquals(400, reply.status(), query + " -> " + reply.body());
            assertEquals("OperationOutcome", reply.json().getString("resourceType"));
        }
        for (String query : new String[] {"inactive=maybe", "failedLogins=ge1x", "lockedUntil=2026-99"}) {
            assertEquals(400, http.get("/User?" + query).root().send().status(), query);
        }
        put("odd", "{\"v\":\"a\\u0000b\",\"w\":\"" + "y".repeat(300) + "\",\"u\":\"\\ud83d\\ude00\"}");
        for (String value : new String[] {"a%00b", "%00", "%F0%9F%98%80", "gt%00", "2026-01-01T25:00:00Z", "le-", "ne",
                "1e999999", "-0", encoded("' OR 1=1 --"), encoded("\\"), "y".repeat(300)}) {
            for (String field : new String[] {"v", "w", "u", "v.x.y"}) {
                Reply reply = http.get("/" + type + "?" + field + "=" + value).root().send();
                assertEquals(200, reply.status(), field + "=" + value + " -> " + reply.body());
            }
        }
        assertEquals(List.of("odd"), ids("v=" + encoded("a\u0000b")), "NUL is stored and searched alike");
        assertEquals(List.of("odd"), ids("w=" + "y".repeat(300)), "long values compare exactly");
        assertEquals(List.of(), ids("w=" + "y".repeat(299)));
        assertEquals(List.of("odd"), ids("u=" + encoded("\uD83D\uDE00")));
    }

    @Test
    void builtInTypesSearchTheirColumnsAndUsersAndClientsTheirDocumentsToo() {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        TestUser alice = TestUsers.user().roles("admin-" + tag).create(http);
        TestUser bob = TestUsers.user().inactive().create(http);
        assertEquals(List.of(alice.id()), ids(http.get("/User?userName=" + alice.userName()).root().send().json()));
        assertEquals(List.of(alice.id()), ids(http.get("/User?email=" + encoded(alice.email())).root().send().json()));
        assertEquals(List.of(alice.id()), ids(http.get("/User?roles.value=admin-" + tag).root().send().json()));
        assertEquals(List.of(bob.id()), ids(http.get("/User?inactive=true&_id=" + alice.id() + "," + bob.id()).root().send().json()));
        List<String> byName = ids(http.get("/User?_id=" + alice.id() + "," + bob.id() + "&_sort=-userName").root().send().json());
        List<String> expected = new ArrayList<>(List.of(alice, bob)).stream()
                .sorted(Comparator.comparing(TestUser::userName).reversed()).map(TestUser::id).toList();
        assertEquals(expected, byName);

        TestClient client = TestClients.confidential().jwt().create(http);
        assertEquals(List.of(client.id()), ids(http.get("/Client?auth.password.token_format=jwt&_id=" + client.id())
                .root().send().json()));
        String policy = "search-policy-" + tag;
        assertEquals(201, http.put("/AccessPolicy/" + policy).root().json("{\"engine\":\"allow\","
                + "\"link\":[{\"resourceType\":\"Client\",\"id\":\"" + client.id() + "\"}]}").send().status());
        assertEquals(List.of(policy), ids(http.get("/AccessPolicy?link.id=" + client.id()).root().send().json()));
        assertEquals(200, http.delete("/AccessPolicy/" + policy).root().send().status());
        assertEquals(List.of(), ids(http.get("/AccessPolicy?link.id=" + client.id()).root().send().json()), "deleted: gone from search");
    }

    @Test
    void sessionsByUserClientExpiryStateAndLastUse() {
        TestClient client = TestClients.confidential().create(http);
        TestClient other = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        List<String> tokens = new ArrayList<>();
        for (TestClient c : List.of(client, client, other)) {
            tokens.add(http.post("/auth/token").oauthBasic(c.id(), c.secret())
                    .form("grant_type", "password", "username", user.userName(), "password", user.password())
                    .send().json().getString("access_token"));
        }
        assertEquals(200, http.get("/auth/userinfo").bearer(tokens.get(1)).send().status()); // lastUsed
        List<String> all = ids(http.get("/Session?user.id=" + user.id()).root().send().json());
        assertEquals(3, all.size());
        String now = encoded(Instant.now().toString());
        assertEquals(2, http.get("/Session?user.id=" + user.id() + "&client.id=" + client.id() + "&exp=gt" + now)
                .root().send().json().getInt("total"));
        assertEquals(0, http.get("/Session?user.id=" + user.id() + "&exp=lt" + now).root().send().json().getInt("total"));
        assertEquals(1, http.get("/Session?user.id=" + user.id() + "&lastUsed:missing=false").root().send().json().getInt("total"));
        assertEquals(200, http.delete("/Session").bearer(tokens.get(0)).send().status());
        assertEquals(2, http.get("/Session?user.id=" + user.id() + "&closed:missing=true").root().send().json().getInt("total"));
        assertEquals(1, http.get("/Session?user.id=" + user.id() + "&closed=ge2020-01-01").root().send().json().getInt("total"));
        List<String> byLastUse = ids(http.get("/Session?user.id=" + user.id() + "&_sort=-lastUsed").root().send().json());
        assertEquals(3, byLastUse.size());
        assertEquals(1, new HashSet<>(ids(http.get("/Session?user.id=" + user.id() + "&_sort=lastUsed&_count=1")
                .root().send().json())).size());
    }

    @Test
    void conditionalDeleteClosesEveryMatchingOpenSessionAndOnlyThose() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        TestUser bystander = TestUsers.user().create(http);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(token(client, user));
        }
        String kept = token(client, bystander);
        assertEquals(200, http.get("/auth/userinfo").bearer(tokens.get(0)).send().status());

        for (String query : new String[] {"_count=5", "_sort=exp", "", "user.id=" + user.id() + "&_sort=exp",
                "user.id=" + user.id() + "&_page=1", "nope=1"}) {
            if (!query.isEmpty()) {
                assertEquals(400, http.delete("/Session?" + query).root().send().status(), query);
            }
        }
        Reply closed = http.delete("/Session?user.id=" + user.id()).root().send();
        assertEquals(200, closed.status(), closed.body());
        assertEquals("OperationOutcome", closed.json().getString("resourceType"));
        assertTrue(closed.body().contains("Closed 3 Sessions"), closed.body());
        for (String token : tokens) {
            assertEquals(401, http.get("/auth/userinfo").bearer(token).send().status(), "closed at once on this instance");
        }
        assertEquals(200, http.get("/auth/userinfo").bearer(kept).send().status(), "another user's Session stays open");
        assertTrue(http.delete("/Session?user.id=" + user.id()).root().send().body().contains("Closed 0 Sessions"),
                "already closed ones are not closed again");
        assertEquals(3, http.get("/Session?user.id=" + user.id() + "&closed:missing=false").root().send().json().getInt("total"));
    }

    @Test
    void aUserListsAndClosesItsOwnSessionsThroughThePolicyRecipeAndNobodyElses() {
        TestClient client = TestClients.confidential().create(http);
        TestUser user = TestUsers.user().create(http);
        TestUser other = TestUsers.user().create(http);
        String policy = "own-sessions-" + UUID.randomUUID();
        assertEquals(201, http.put("/AccessPolicy/" + policy).root().json("{\"engine\":\"matcho\",\"matcho\":"
                + "{\"resource-type\":\"Session\",\"resource-id\":\"nil?\",\"request-method\":{\"$one-of\":[\"get\",\"delete\"]},"
                + "\"params\":{\"user.id\":\".user.id\"}},\"link\":[{\"resourceType\":\"User\",\"id\":\"" + user.id() + "\"}]}")
                .send().status());
        String token = token(client, user);
        String spare = token(client, user);
        String others = token(client, other);
        assertEquals(2, http.get("/Session?user.id=" + user.id()).bearer(token).send().json().getInt("total"));
        for (String query : new String[] {"user.id=" + other.id(), "user.id=" + user.id() + "," + other.id(),
                "user.id=ne" + user.id(), "client.id=" + client.id(), "user.id:missing=false", "_id=x"}) {
            assertEquals(403, http.get("/Session?" + query).bearer(token).send().status(), query);
            assertEquals(403, http.delete("/Session?" + query).bearer(token).send().status(), query);
        }
        assertEquals(200, http.get("/auth/userinfo").bearer(others).send().status(), "nothing of the other user's closed");
        Reply closed = http.delete("/Session?user.id=" + user.id() + "&_id=" + idOf(spare)).bearer(token).send();
        assertEquals(200, closed.status(), closed.body());
        assertTrue(closed.body().contains("Closed 1 Session"));
        assertEquals(401, http.get("/auth/userinfo").bearer(spare).send().status());
        assertEquals(200, http.get("/auth/userinfo").bearer(token).send().status());
    }

    private String token(TestClient client, TestUser user) {
        return http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password())
                .send().json().getString("access_token");
    }

    /** The Session of an access token: its jti, as introspection tells a resource server. */
    private String idOf(String token) {
        TestClient resourceServer = TestClients.confidential().introspectsAny().create(http);
        Reply reply = http.post("/auth/introspect").oauthBasic(resourceServer.id(), resourceServer.secret())
                .form("token", token).send();
        String jti = reply.json().getString("jti", null);
        assertTrue(jti != null, "introspection names the Session: " + reply.body());
        return jti;
    }

    @Test
    void searchesHoldOnePageWhateverTheMatches() {
        for (int i = 0; i < 30; i++) {
            put("m" + (100 + i), "{\"g\":\"same\"}");
        }
        JsonObject page = search("g=same&_count=7");
        assertEquals(30, page.getInt("total"));
        assertEquals(7, ids(page).size());
        assertNull(next(search("g=same&_count=30")));
        assertEquals(30, walk("g=same&_count=7").size());
        assertEquals(30, new HashSet<>(walk("g=same&_count=7")).size());
    }
}
