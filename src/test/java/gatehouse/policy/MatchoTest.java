package gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class MatchoTest {

    @Test
    void objectPatternMatchesKeyByKeyAndIgnoresExtraRequestKeys() {
        Matcho pattern = compile("{\"request-method\": \"get\", \"uri\": \"/Patient\"}");

        assertTrue(pattern.matches(json("{\"request-method\": \"get\", \"uri\": \"/Patient\", \"params\": {}, \"client\": {\"id\": \"app\"}}")));
        assertFalse(pattern.matches(json("{\"request-method\": \"post\", \"uri\": \"/Patient\"}")));
    }

    @Test
    void emptyObjectPatternMatchesAnyObject() {
        assertTrue(compile("{}").matches(json("{\"anything\": 1}")));
        assertTrue(compile("{}").matches(json("{}")));
    }

    @Test
    void objectPatternWhenRequestKeyMissingThenNoMatch() {
        Matcho pattern = compile("{\"request-method\": \"get\", \"uri\": \"/Patient\"}");

        assertFalse(pattern.matches(json("{\"request-method\": \"get\"}")));
    }

    @Test
    void nullPatternDoesNotMatchMissingKey() {
        Matcho pattern = compile("{\"closed\": null}");

        assertTrue(pattern.matches(json("{\"closed\": null}")));
        assertFalse(pattern.matches(json("{}")));
    }

    @Test
    void nestedObjectPatternsMatchNestedValues() {
        Matcho pattern = compile("{\"user\": {\"data\": {\"team\": \"red\"}}, \"client\": {\"id\": \"app\"}}");

        assertTrue(pattern.matches(json("{\"user\": {\"id\": \"u1\", \"data\": {\"team\": \"red\", \"x\": 1}}, \"client\": {\"id\": \"app\"}}")));
        assertFalse(pattern.matches(json("{\"user\": {\"id\": \"u1\", \"data\": {\"team\": \"blue\"}}, \"client\": {\"id\": \"app\"}}")));
        assertFalse(pattern.matches(json("{\"user\": {\"id\": \"u1\"}, \"client\": {\"id\": \"app\"}}")));
    }

    @Test
    void regexMatchesWholeValueOnly() {
        assertFalse(compile("\"#/Patient\"").matches(string("/Patient/1")));
        assertFalse(compile("\"#Patient\"").matches(string("/Patient")));
        assertTrue(compile("\"#/Patient\"").matches(string("/Patient")));
        assertTrue(compile("\"#/Patient.*\"").matches(string("/Patient/1")));
        assertTrue(compile("\"#/Patient.*\"").matches(string("/Patient")));
    }

    @Test
    void regexInsideObjectPattern() {
        Matcho pattern = compile("{\"uri\": \"#/Patient/[^/]+\"}");

        assertTrue(pattern.matches(json("{\"uri\": \"/Patient/pt-1\"}")));
        assertFalse(pattern.matches(json("{\"uri\": \"/Patient/pt-1/_history\"}")));
    }

    @Test
    void regexAgainstNonStringValueThenNoMatch() {
        Matcho pattern = compile("\"#.*\"");

        assertTrue(pattern.matches(string("")));
        assertFalse(pattern.matches(json("1")));
        assertFalse(pattern.matches(JsonValue.TRUE));
        assertFalse(pattern.matches(JsonValue.NULL));
        assertFalse(pattern.matches(json("[\"a\"]")));
        assertFalse(pattern.matches(json("{\"a\": \"b\"}")));
        assertFalse(pattern.matches(null));
    }

    @Test
    void regexWhenValueLongerThanMaxRegexInputThenNoMatch() {
        Matcho pattern = compile("\"#a*\"");

        assertTrue(pattern.matches(string("a".repeat(Matcho.MAX_REGEX_INPUT))));
        assertFalse(pattern.matches(string("a".repeat(Matcho.MAX_REGEX_INPUT + 1))));
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

        assertTrue(pattern.matches(string("get")));
        assertFalse(pattern.matches(string("GET")));
        assertFalse(pattern.matches(string("get ")));
    }

    @Test
    void stringPatternDoesNotMatchOtherTypes() {
        assertFalse(compile("\"1\"").matches(json("1")));
        assertFalse(compile("\"true\"").matches(JsonValue.TRUE));
        assertFalse(compile("\"null\"").matches(JsonValue.NULL));
    }

    @Test
    void numbersCompareNumerically() {
        assertTrue(compile("1").matches(json("1.0")));
        assertTrue(compile("1.0").matches(json("1")));
        assertTrue(compile("100").matches(json("1e2")));
        assertFalse(compile("1").matches(json("1.5")));
        assertFalse(compile("1").matches(string("1")));
    }

    @Test
    void booleansCompareEqual() {
        assertTrue(compile("true").matches(JsonValue.TRUE));
        assertFalse(compile("true").matches(JsonValue.FALSE));
        assertTrue(compile("false").matches(JsonValue.FALSE));
        assertFalse(compile("false").matches(string("false")));
        assertFalse(compile("false").matches(JsonValue.NULL));
    }

    @Test
    void nullMatchesOnlyNull() {
        assertTrue(compile("null").matches(JsonValue.NULL));
        assertFalse(compile("null").matches(string("null")));
        assertFalse(compile("null").matches(JsonValue.FALSE));
    }

    @Test
    void listPatternMatchesWhenEachElementMatchesSomeElementInAnyOrder() {
        Matcho pattern = compile("[\"b\", \"a\"]");

        assertTrue(pattern.matches(json("[\"a\", \"b\"]")));
        assertTrue(pattern.matches(json("[\"c\", \"a\", \"b\"]")));
        assertFalse(pattern.matches(json("[\"a\", \"c\"]")));
    }

    @Test
    void listPatternOfObjectsMatchesSubsetOfValueList() {
        Matcho pattern = compile("{\"user\": {\"roles\": [{\"value\": \"admin\"}]}}");

        assertTrue(pattern.matches(json("{\"user\": {\"roles\": [{\"value\": \"reader\"}, {\"value\": \"admin\"}]}}")));
        assertFalse(pattern.matches(json("{\"user\": {\"roles\": [{\"value\": \"reader\"}]}}")));
        assertFalse(pattern.matches(json("{\"user\": {\"roles\": []}}")));
    }

    @Test
    void listPatternElementsMayBeRegexes() {
        Matcho pattern = compile("[\"#adm.*\"]");

        assertTrue(pattern.matches(json("[\"reader\", \"administrator\"]")));
        assertFalse(pattern.matches(json("[\"reader\"]")));
    }

    @Test
    void emptyListPatternMatchesAnyList() {
        assertTrue(compile("[]").matches(json("[]")));
        assertTrue(compile("[]").matches(json("[1, 2]")));
        assertFalse(compile("[]").matches(json("{}")));
    }

    @Test
    void listPatternAgainstNonListThenNoMatch() {
        Matcho pattern = compile("[\"a\"]");

        assertFalse(pattern.matches(string("a")));
        assertFalse(pattern.matches(json("{\"0\": \"a\"}")));
        assertFalse(pattern.matches(JsonValue.NULL));
        assertFalse(pattern.matches(null));
    }

    @Test
    void objectPatternAgainstNonObjectThenNoMatch() {
        Matcho pattern = compile("{\"id\": \"a\"}");

        assertFalse(pattern.matches(string("a")));
        assertFalse(pattern.matches(json("[{\"id\": \"a\"}]")));
        assertFalse(pattern.matches(json("1")));
        assertFalse(pattern.matches(JsonValue.NULL));
        assertFalse(pattern.matches(null));
    }

    @Test
    void scalarPatternAgainstContainerThenNoMatch() {
        assertFalse(compile("\"a\"").matches(json("[\"a\"]")));
        assertFalse(compile("1").matches(json("{\"a\": 1}")));
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
}
