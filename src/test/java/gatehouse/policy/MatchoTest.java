package gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class MatchoTest {

    /** The request object a value is matched in: itself, when it is one. */
    private static JsonObject root(JsonValue value) {
        return value instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }

    @Test
    void objectPatternMatchesKeyByKeyAndIgnoresExtraRequestKeys() {
        Matcho pattern = compile("{\"request-method\": \"get\", \"uri\": \"/Patient\"}");

        assertTrue(pattern.matches(json("{\"request-method\": \"get\", \"uri\": \"/Patient\", \"params\": {}, \"client\": {\"id\": \"app\"}}"), root(json("{\"request-method\": \"get\", \"uri\": \"/Patient\", \"params\": {}, \"client\": {\"id\": \"app\"}}"))));
        assertFalse(pattern.matches(json("{\"request-method\": \"post\", \"uri\": \"/Patient\"}"), root(json("{\"request-method\": \"post\", \"uri\": \"/Patient\"}"))));
    }

    @Test
    void emptyObjectPatternMatchesAnyObject() {
        assertTrue(compile("{}").matches(json("{\"anything\": 1}"), root(json("{\"anything\": 1}"))));
        assertTrue(compile("{}").matches(json("{}"), root(json("{}"))));
    }

    @Test
    void objectPatternWhenRequestKeyMissingThenNoMatch() {
        Matcho pattern = compile("{\"request-method\": \"get\", \"uri\": \"/Patient\"}");

        assertFalse(pattern.matches(json("{\"request-method\": \"get\"}"), root(json("{\"request-method\": \"get\"}"))));
    }

    @Test
    void nullPatternDoesNotMatchMissingKey() {
        Matcho pattern = compile("{\"closed\": null}");

        assertTrue(pattern.matches(json("{\"closed\": null}"), root(json("{\"closed\": null}"))));
        assertFalse(pattern.matches(json("{}"), root(json("{}"))));
    }

    @Test
    void nestedObjectPatternsMatchNestedValues() {
        Matcho pattern = compile("{\"user\": {\"data\": {\"team\": \"red\"}}, \"client\": {\"id\": \"app\"}}");

        assertTrue(pattern.matches(json("{\"user\": {\"id\": \"u1\", \"data\": {\"team\": \"red\", \"x\": 1}}, \"client\": {\"id\": \"app\"}}"), root(json("{\"user\": {\"id\": \"u1\", \"data\": {\"team\": \"red\", \"x\": 1}}, \"client\": {\"id\": \"app\"}}"))));
        assertFalse(pattern.matches(json("{\"user\": {\"id\": \"u1\", \"data\": {\"team\": \"blue\"}}, \"client\": {\"id\": \"app\"}}"), root(json("{\"user\": {\"id\": \"u1\", \"data\": {\"team\": \"blue\"}}, \"client\": {\"id\": \"app\"}}"))));
        assertFalse(pattern.matches(json("{\"user\": {\"id\": \"u1\"}, \"client\": {\"id\": \"app\"}}"), root(json("{\"user\": {\"id\": \"u1\"}, \"client\": {\"id\": \"app\"}}"))));
    }

    @Test
    void regexMatchesWholeValueOnly() {
        assertFalse(compile("\"#/Patient\"").matches(string("/Patient/1"), root(string("/Patient/1"))));
        assertFalse(compile("\"#Patient\"").matches(string("/Patient"), root(string("/Patient"))));
        assertTrue(compile("\"#/Patient\"").matches(string("/Patient"), root(string("/Patient"))));
        assertTrue(compile("\"#/Patient.*\"").matches(string("/Patient/1"), root(string("/Patient/1"))));
        assertTrue(compile("\"#/Patient.*\"").matches(string("/Patient"), root(string("/Patient"))));
    }

    @Test
    void regexInsideObjectPattern() {
        Matcho pattern = compile("{\"uri\": \"#/Patient/[^/]+\"}");

        assertTrue(pattern.matches(json("{\"uri\": \"/Patient/pt-1\"}"), root(json("{\"uri\": \"/Patient/pt-1\"}"))));
        assertFalse(pattern.matches(json("{\"uri\": \"/Patient/pt-1/_history\"}"), root(json("{\"uri\": \"/Patient/pt-1/_history\"}"))));
    }

    @Test
    void regexAgainstNonStringValueThenNoMatch() {
        Matcho pattern = compile("\"#.*\"");

        assertTrue(pattern.matches(string(""), root(string(""))));
        assertFalse(pattern.matches(json("1"), root(json("1"))));
        assertFalse(pattern.matches(JsonValue.TRUE, root(JsonValue.TRUE)));
        assertFalse(pattern.matches(JsonValue.NULL, root(JsonValue.NULL)));
        assertFalse(pattern.matches(json("[\"a\"]"), root(json("[\"a\"]"))));
        assertFalse(pattern.matches(json("{\"a\": \"b\"}"), root(json("{\"a\": \"b\"}"))));
        assertFalse(pattern.matches(null, root(null)));
    }

    @Test
    void regexWhenValueLongerThanMaxRegexInputThenNoMatch() {
        Matcho pattern = compile("\"#a*\"");

        assertTrue(pattern.matches(string("a".repeat(Matcho.MAX_REGEX_INPUT)), root(string("a".repeat(Matcho.MAX_REGEX_INPUT)))));
        assertFalse(pattern.matches(string("a".repeat(Matcho.MAX_REGEX_INPUT + 1)), root(string("a".repeat(Matcho.MAX_REGEX_INPUT + 1)))));
    }

    @Test
    void invalidRegexThenIllegalArgumentExceptionNamingThePath() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> compile("{\"uri\": \"#/Patient(\"}"));

        assertTrue(error.getMessage().contains("matcho.uri"), error.getMessage());
    }

    @Test
    void invalidRegexInsideListThenPathNamesTheIndex() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> compile("{\"user\": {\"roles\": [\"ok\", \"#[unclosed\"]}}"));

        assertTrue(error.getMessage().contains("matcho.user.roles[1]"), error.getMessage());
    }

    @Test
    void stringsCompareEqualAndCaseSensitively() {
        Matcho pattern = compile("\"get\"");

        assertTrue(pattern.matches(string("get"), root(string("get"))));
        assertFalse(pattern.matches(string("GET"), root(string("GET"))));
        assertFalse(pattern.matches(string("get "), root(string("get "))));
    }

    @Test
    void stringPatternDoesNotMatchOtherTypes() {
        assertFalse(compile("\"1\"").matches(json("1"), root(json("1"))));
        assertFalse(compile("\"true\"").matches(JsonValue.TRUE, root(JsonValue.TRUE)));
        assertFalse(compile("\"null\"").matches(JsonValue.NULL, root(JsonValue.NULL)));
    }

    @Test
    void numbersCompareNumerically() {
        assertTrue(compile("1").matches(json("1.0"), root(json("1.0"))));
        assertTrue(compile("1.0").matches(json("1"), root(json("1"))));
        assertTrue(compile("100").matches(json("1e2"), root(json("1e2"))));
        assertFalse(compile("1").matches(json("1.5"), root(json("1.5"))));
        assertFalse(compile("1").matches(string("1"), root(string("1"))));
    }

    @Test
    void booleansCompareEqual() {
        assertTrue(compile("true").matches(JsonValue.TRUE, root(JsonValue.TRUE)));
        assertFalse(compile("true").matches(JsonValue.FALSE, root(JsonValue.FALSE)));
        assertTrue(compile("false").matches(JsonValue.FALSE, root(JsonValue.FALSE)));
        assertFalse(compile("false").matches(string("false"), root(string("false"))));
        assertFalse(compile("false").matches(JsonValue.NULL, root(JsonValue.NULL)));
    }

    @Test
    void nullMatchesOnlyNull() {
        assertTrue(compile("null").matches(JsonValue.NULL, root(JsonValue.NULL)));
        assertFalse(compile("null").matches(string("null"), root(string("null"))));
        assertFalse(compile("null").matches(JsonValue.FALSE, root(JsonValue.FALSE)));
    }

    @Test
    void listPatternMatchesWhenEachElementMatchesSomeElementInAnyOrder() {
        Matcho pattern = compile("[\"b\", \"a\"]");

        assertTrue(pattern.matches(json("[\"a\", \"b\"]"), root(json("[\"a\", \"b\"]"))));
        assertTrue(pattern.matches(json("[\"c\", \"a\", \"b\"]"), root(json("[\"c\", \"a\", \"b\"]"))));
        assertFalse(pattern.matches(json("[\"a\", \"c\"]"), root(json("[\"a\", \"c\"]"))));
    }

    @Test
    void listPatternOfObjectsMatchesSubsetOfValueList() {
        Matcho pattern = compile("{\"user\": {\"roles\": [{\"value\": \"admin\"}]}}");

        assertTrue(pattern.matches(json("{\"user\": {\"roles\": [{\"value\": \"reader\"}, {\"value\": \"admin\"}]}}"), root(json("{\"user\": {\"roles\": [{\"value\": \"reader\"}, {\"value\": \"admin\"}]}}"))));
        assertFalse(pattern.matches(json("{\"user\": {\"roles\": [{\"value\": \"reader\"}]}}"), root(json("{\"user\": {\"roles\": [{\"value\": \"reader\"}]}}"))));
        assertFalse(pattern.matches(json("{\"user\": {\"roles\": []}}"), root(json("{\"user\": {\"roles\": []}}"))));
    }

    @Test
    void listPatternElementsMayBeRegexes() {
        Matcho pattern = compile("[\"#adm.*\"]");

        assertTrue(pattern.matches(json("[\"reader\", \"administrator\"]"), root(json("[\"reader\", \"administrator\"]"))));
        assertFalse(pattern.matches(json("[\"reader\"]"), root(json("[\"reader\"]"))));
    }

    @Test
    void emptyListPatternMatchesAnyList() {
        assertTrue(compile("[]").matches(json("[]"), root(json("[]"))));
        assertTrue(compile("[]").matches(json("[1, 2]"), root(json("[1, 2]"))));
        assertFalse(compile("[]").matches(json("{}"), root(json("{}"))));
    }

    @Test
    void listPatternAgainstNonListThenNoMatch() {
        Matcho pattern = compile("[\"a\"]");

        assertFalse(pattern.matches(string("a"), root(string("a"))));
        assertFalse(pattern.matches(json("{\"0\": \"a\"}"), root(json("{\"0\": \"a\"}"))));
        assertFalse(pattern.matches(JsonValue.NULL, root(JsonValue.NULL)));
        assertFalse(pattern.matches(null, root(null)));
    }

    @Test
    void objectPatternAgainstNonObjectThenNoMatch() {
        Matcho pattern = compile("{\"id\": \"a\"}");

        assertFalse(pattern.matches(string("a"), root(string("a"))));
        assertFalse(pattern.matches(json("[{\"id\": \"a\"}]"), root(json("[{\"id\": \"a\"}]"))));
        assertFalse(pattern.matches(json("1"), root(json("1"))));
        assertFalse(pattern.matches(JsonValue.NULL, root(JsonValue.NULL)));
        assertFalse(pattern.matches(null, root(null)));
    }

    @Test
    void scalarPatternAgainstContainerThenNoMatch() {
        assertFalse(compile("\"a\"").matches(json("[\"a\"]"), root(json("[\"a\"]"))));
        assertFalse(compile("1").matches(json("{\"a\": 1}"), root(json("{\"a\": 1}"))));
    }

    @Test
    void compileKeepsThePatternShape() {
        Matcho pattern = compile("{\"uri\": \"#/P.*\", \"n\": 1, \"l\": [true]}");

        var object = assertInstanceOf(Matcho.ObjectPattern.class, pattern);
        assertInstanceOf(Matcho.RegexPattern.class, object.keys().get("uri"));
        assertInstanceOf(Matcho.Equal.class, object.keys().get("n"));
        assertInstanceOf(Matcho.ListPattern.class, object.keys().get("l"));
        assertEquals(3, object.keys().size());
    }

    private static <T> T assertInstanceOf(Class<T> type, Object value) {
        return org.junit.jupiter.api.Assertions.assertInstanceOf(type, value);
    }

    private static Matcho compile(String pattern) {
        return Matcho.compile(json(pattern));
    }

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonValue string(String value) {
        return Json.createValue(value);
    }

    // --- references, presence, $one-of, body -------------------------------------------------------

    private static JsonObject object(String text) {
        return json(text).asJsonObject();
    }

    private static final JsonObject REQUEST = object("""
            {"uri": "/User/alice", "request-method": "put", "resource-type": "User", "resource-id": "alice",
             "params": {"org": "o1"}, "user": {"id": "alice", "data": {"org": "o1"}, "inactive": null},
             "client": {"id": "app"}, "body": {"id": "alice", "name": "A", "roles": null}}""");

    @Test
    void referenceComparesWithTheValueItNames() {
        assertTrue(compile("{\"resource-id\": \".user.id\"}").matches(REQUEST, REQUEST));
        assertTrue(compile("{\"params\": {\"org\": \".user.data.org\"}}").matches(REQUEST, REQUEST));
        assertTrue(compile("{\"body\": {\"id\": \".resource-id\"}}").matches(REQUEST, REQUEST));
        assertFalse(compile("{\"resource-id\": \".client.id\"}").matches(REQUEST, REQUEST));
    }

    @Test
    void referenceToAMissingOrNullValueNeverMatches() {
        JsonObject anonymous = object("{\"uri\": \"/x\", \"resource-id\": null, \"user\": {\"inactive\": null}}");
        assertFalse(compile("{\"resource-id\": \".user.id\"}").matches(anonymous, anonymous), "user.id missing");
        assertFalse(compile("{\"resource-id\": \".user.inactive\"}").matches(anonymous, anonymous), "both null");
        assertFalse(compile("{\"uri\": \".nothing.at.all\"}").matches(REQUEST, REQUEST));
        assertFalse(compile("{\"uri\": \".uri.deeper\"}").matches(REQUEST, REQUEST), "through a string");
        assertFalse(compile("{\"missing\": \".also-missing\"}").matches(REQUEST, REQUEST), "absent equals absent: no");
    }

    @Test
    void presentAndNilTellAbsentAndNullFromValues() {
        assertTrue(compile("{\"body\": {\"name\": \"present?\"}}").matches(REQUEST, REQUEST));
        assertFalse(compile("{\"body\": {\"roles\": \"present?\"}}").matches(REQUEST, REQUEST), "null is not present");
        assertFalse(compile("{\"body\": {\"inactive\": \"present?\"}}").matches(REQUEST, REQUEST), "absent");
        assertTrue(compile("{\"body\": {\"roles\": \"nil?\"}}").matches(REQUEST, REQUEST), "null is nil");
        assertTrue(compile("{\"body\": {\"inactive\": \"nil?\"}}").matches(REQUEST, REQUEST), "absent is nil");
        assertFalse(compile("{\"body\": {\"name\": \"nil?\"}}").matches(REQUEST, REQUEST));
        assertTrue(compile("{\"user\": {\"inactive\": \"nil?\"}}").matches(REQUEST, REQUEST));
    }

    @Test
    void bodyOnARequestWithoutOneIsNil() {
        JsonObject get = object("{\"uri\": \"/User/alice\", \"request-method\": \"get\"}");

        assertTrue(compile("{\"body\": \"nil?\"}").matches(get, get));
        assertFalse(compile("{\"body\": \"present?\"}").matches(get, get));
        assertFalse(compile("{\"body\": {\"roles\": \"nil?\"}}").matches(get, get), "no body: no object to look into");
        assertTrue(compile("{\"body\": {\"$one-of\": [\"nil?\", {\"roles\": \"nil?\"}]}}").matches(get, get));
    }

    @Test
    void oneOfMatchesWhenAnyAlternativeDoesAndNests() {
        Matcho pattern = compile("{\"request-method\": {\"$one-of\": [\"get\", \"put\"]},"
                + " \"user\": {\"$one-of\": [{\"id\": \"bob\"}, {\"data\": {\"org\": {\"$one-of\": [\"o9\", \".params.org\"]}}}]}}");

        assertTrue(pattern.matches(REQUEST, REQUEST));
        JsonObject post = object(REQUEST.toString().replace("\"put\"", "\"post\""));
        assertFalse(pattern.matches(post, post));
        assertFalse(compile("{\"$one-of\": []}").matches(REQUEST, REQUEST), "no alternative, no match");
    }

    @Test
    void unknownOperatorsAndMalformedReferencesAreRefusedNamingThePath() {
        for (String[] bad : new String[][] {
                {"{\"uri\": {\"$any-of\": [\"/x\"]}}", "matcho.uri.$any-of"},
                {"{\"uri\": {\"$one-of\": \"/x\"}}", "matcho.uri"},
                {"{\"uri\": {\"$one-of\": [\"/x\"], \"extra\": 1}}", "matcho.uri"},
                {"{\"user\": {\"id\": \".\"}}", "matcho.user.id"},
                {"{\"user\": {\"id\": \"..user\"}}", "matcho.user.id"},
                {"{\"user\": {\"id\": \".user..id\"}}", "matcho.user.id"},
                {"{\"user\": {\"id\": \".user.id.\"}}", "matcho.user.id"},
                {"{\"user\": {\"id\": \".user id\"}}", "matcho.user.id"},
                {"{\"a\": [{\"$one-of\": [\"x\", {\"$nope\": 1}]}]}", "matcho.a[0].$one-of[1].$nope"}}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> compile(bad[0]), bad[0]);
            assertTrue(error.getMessage().startsWith(bad[1]), error.getMessage());
        }
    }

    @Test
    void mismatchNamesTheFirstKeyThatFails() {
        Matcho pattern = compile("{\"uri\": \"#/User/.*\", \"request-method\": \"get\", \"user\": {\"id\": \"alice\"}}");

        assertEquals(java.util.Optional.of("request-method"), pattern.mismatch(REQUEST, REQUEST, ""));
        assertEquals(java.util.Optional.of("user.data.org"),
                compile("{\"user\": {\"data\": {\"org\": \"o2\"}}}").mismatch(REQUEST, REQUEST, ""));
        assertEquals(java.util.Optional.empty(), compile("{\"user\": {\"id\": \".resource-id\"}}").mismatch(REQUEST, REQUEST, ""));
    }

    @Test
    void namedKeysAreThoseOfTheObjectOrItsAlternatives() {
        assertEquals(java.util.Set.of("roles", "inactive"), compile("{\"roles\": \"present?\", \"inactive\": 1}").namedKeys());
        assertEquals(java.util.Set.of("roles", "password"),
                compile("{\"$one-of\": [{\"roles\": \"present?\"}, {\"password\": \"nil?\"}, \"nil?\"]}").namedKeys());
    }
}
