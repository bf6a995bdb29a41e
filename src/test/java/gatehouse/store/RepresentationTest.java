package gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import gatehouse.error.Problem;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepresentationTest {

    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
    private static final MediaType YAML = new MediaType("text", "yaml");

    // --- JSON -------------------------------------------------------------

    @Test
    void jsonObjectParsed() {
        JsonObject object = parseObject("{\"resourceType\": \"Patient\", \"id\": \"pt-1\", \"active\": true,"
                + " \"age\": 42, \"name\": {\"given\": [\"Ann\"]}, \"note\": null}", JSON);

        assertEquals("Patient", object.getString("resourceType"));
        assertEquals("pt-1", object.getString("id"));
        assertEquals(JsonValue.TRUE, object.get("active"));
        assertEquals(42, object.getInt("age"));
        assertEquals("Ann", object.getJsonObject("name").getJsonArray("given").getString(0));
        assertEquals(JsonValue.NULL, object.get("note"));
    }

    @Test
    void jsonWithoutMediaTypeIsTheDefault() {
        assertEquals("a", parseObject("{\"id\": \"a\"}", null).getString("id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json;charset=UTF-8", "application/fhir+json", "text/json"})
    void jsonMediaTypeAliasesParsedAsJson(String type) {
        assertEquals("a", parseObject("{\"id\": \"a\"}", MediaType.valueOf(type)).getString("id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"text\"", "42", "true", "null"})
    void jsonNonObjectBodyThenMalformedBody(String body) {
        assertMalformed(body, JSON);
    }

    @Test
    void emptyBodyThenMalformedBody() {
        var error = assertThrows(MalformedBodyException.class, () -> Representation.parseObject(new byte[0], JSON));

        assertEquals(400, error.status());
        assertThrows(MalformedBodyException.class, () -> Representation.parseObject(new byte[0], YAML));
    }

    @Test
    void whitespaceOnlyJsonBodyThenMalformedBody() {
        assertMalformed("  \n ", JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\": }", "{\"a\": 1,}", "{a: 1}", "{'a': 1}", "{\"a\": tru}", "{\"a\": 01}"})
    void brokenJsonThenMalformedBody(String body) {
        assertMalformed(body, JSON);
    }

    @Test
    void duplicateJsonKeysThenMalformedBody() {
        var error = assertMalformed("{\"id\": \"a\", \"id\": \"b\"}", JSON);

        assertTrue(error.getMessage().contains("id"), error.getMessage());
    }

    @Test
    void duplicateNestedJsonKeysThenMalformedBody() {
        assertMalformed("{\"user\": {\"id\": \"a\", \"id\": \"b\"}}", JSON);
    }

    @Test
    void invalidUtf8ThenMalformedBody() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThrows(MalformedBodyException.class, () -> Representation.parseObject(body, JSON));
        assertThrows(MalformedBodyException.class, () -> Representation.parseObject(body, YAML));
    }

    @Test
    void overlongUtf8EncodingThenMalformedBody() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};

        assertThrows(MalformedBodyException.class, () -> Representation.parseObject(body, JSON));
    }

    @Test
    void validMultibyteUtf8Kept() {
        assertEquals("Zoë 日本", parseObject("{\"name\": \"Zoë 日本\"}", JSON).getString("name"));
    }

    @Test
    void jsonNestedToMaxDepthMinusOneAccepted() {
        int depth = TreeBudget.MAX_DEPTH - 1;
        String body = "{\"a\": " + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";

        assertEquals(JsonValue.ValueType.ARRAY, parseObject(body, JSON).get("a").getValueType());
    }

    @Test
    void jsonNestedBeyondMaxDepthThenMalformedBody() {
        String body = "{\"a\": " + "[".repeat(TreeBudget.MAX_DEPTH * 2) + "]".repeat(TreeBudget.MAX_DEPTH * 2) + "}";

        assertMalformed(body, JSON);
    }

    @Test
    void jsonWithTrailingContentThenMalformedBody() {
        assertMalformed("{\"id\": \"a\"} {\"id\": \"b\"}", JSON);
        assertMalformed("{\"id\": \"a\"} garbage", JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data"})
    void unsupportedMediaTypeThenNotSupported(String type) {
        byte[] body = "{\"id\": \"a\"}".getBytes(StandardCharsets.UTF_8);

        var error = assertThrows(Problem.class, () -> Representation.parseObject(body, MediaType.valueOf(type)));

        assertEquals(415, error.status());
    }

    // --- YAML -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"text/yaml", "application/yaml", "application/x-yaml", "text/yaml;charset=utf-8"})
    void yamlMediaTypeAliasesParsedAsYaml(String type) {
        assertEquals("a", parseObject("id: a\n", MediaType.valueOf(type)).getString("id"));
    }

    @Test
    void yamlObjectParsedWithNestedListsAndObjects() {
        JsonObject object = parseObject("""
                resourceType: User
                id: alice
                name:
                  givenName: Alice
                roles:
                  - value: admin
                  - value: reader
                tags: [a, b]
                """, YAML);

        assertEquals("User", object.getString("resourceType"));
        assertEquals("Alice", object.getJsonObject("name").getString("givenName"));
        assertEquals("reader", object.getJsonArray("roles").getJsonObject(1).getString("value"));
        assertEquals(Json.createArrayBuilder().add("a").add("b").build(), object.getJsonArray("tags"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "TRUE"})
    void yamlTrueIsBoolean(String scalar) {
        assertEquals(JsonValue.TRUE, yamlValue(scalar));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "FALSE"})
    void yamlFalseIsBoolean(String scalar) {
        assertEquals(JsonValue.FALSE, yamlValue(scalar));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "yes", "on", "off", "y", "n", "No", "Yes", "ON", "OFF"})
    void yamlOneDotOneBooleansStayStrings(String scalar) {
        assertEquals(Json.createValue(scalar), yamlValue(scalar));
    }

    @Test
    void yamlLeadingZeroStaysString() {
        assertEquals(Json.createValue("012"), yamlValue("012"));
        assertEquals(Json.createValue("0012"), yamlValue("0012"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1A", "0o12", "1_000", "1:30", "2001-02-03", "2001-02-03T04:05:06Z", "1.2.3", "+", "1e", "e3"})
    void yamlNonDecimalNumbersTimesAndDatesStayStrings(String scalar) {
        assertEquals(Json.createValue(scalar), yamlValue(scalar));
    }

    @Test
    void yamlDecimalIntegersAreNumbers() {
        assertNumber("42", yamlValue("42"));
        assertNumber("-7", yamlValue("-7"));
        assertNumber("5", yamlValue("+5"));
        assertNumber("0", yamlValue("0"));
        assertNumber("123456789012345678901234567890", yamlValue("123456789012345678901234567890"));
    }

    @Test
    void yamlDecimalFloatsAreNumbers() {
        assertNumber("3.14", yamlValue("3.14"));
        assertNumber("-0.5", yamlValue("-0.5"));
        assertNumber("0.5", yamlValue(".5"));
        assertNumber("1000", yamlValue("1e3"));
        assertNumber("0.025", yamlValue("2.5E-2"));
    }

    @Test
    void yamlIntegerIsIntegralNumber() {
        assertTrue(((JsonNumber) yamlValue("42")).isIntegral());
    }

    @ParameterizedTest
    @ValueSource(strings = {"~", "null", "Null", "NULL", ""})
    void yamlNullForms(String scalar) {
        assertEquals(JsonValue.NULL, yamlValue(scalar));
    }

    @Test
    void yamlQuotedScalarsStayStrings() {
        JsonObject object = parseObject("a: 'true'\nb: \"42\"\nc: '~'\nd: \"012\"\n", YAML);

        assertEquals("true", object.getString("a"));
        assertEquals("42", object.getString("b"));
        assertEquals("~", object.getString("c"));
        assertEquals("012", object.getString("d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".inf", "-.inf", ".nan", ".Inf", ".NaN"})
    void yamlPlainInfinityAndNanAreNotNumbers(String scalar) {
        // the resolver knows decimal numbers only, so these stay strings rather than becoming non-finite numbers
        assertEquals(Json.createValue(scalar), yamlValue(scalar));
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!float .inf", "!!float -.inf", "!!float .nan"})
    void yamlTaggedInfinityOrNanThenMalformedBody(String scalar) {
        var error = assertMalformed("a: " + scalar + "\n", YAML);

        assertTrue(error.getMessage().contains("finite"), error.getMessage());
    }

    @Test
    void yamlDuplicateKeysThenMalformedBody() {
        assertMalformed("id: a\nid: b\n", YAML);
        assertMalformed("user:\n  id: a\n  id: b\n", YAML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1: a\n", "true: a\n", "~: a\n", "? [a, b]\n: c\n", "? {a: b}\n: c\n", "3.5: a\n"})
    void yamlNonStringMappingKeyThenMalformedBody(String body) {
        assertMalformed(body, YAML);
    }

    @Test
    void yamlNonStringNestedMappingKeyThenMalformedBody() {
        assertMalformed("user:\n  1: a\n", YAML);
    }

    @Test
    void yamlAliasBombThenMalformedBody() {
        String billionLaughs = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;

        assertMalformed(billionLaughs, YAML);
    }

    @Test
    void yamlFewAliasesAccepted() {
        JsonObject object = parseObject("base: &b {x: 1}\ncopy: *b\n", YAML);

        assertEquals(object.get("base"), object.get("copy"));
    }

    @Test
    void yamlRecursiveAliasThenMalformedBody() {
        assertMalformed("a: &a [*a]\n", YAML);
        assertMalformed("a: &a {x: *a}\n", YAML);
    }

    @Test
    void yamlNestedToMaxDepthAccepted() {
        JsonObject object = parseObject(nestedMappings(TreeBudget.MAX_DEPTH), YAML);

        assertEquals(JsonValue.ValueType.OBJECT, object.get("k").getValueType());
    }

    @Test
    void yamlNestedBeyondMaxDepthThenMalformedBody() {
        assertMalformed(nestedMappings(TreeBudget.MAX_DEPTH + 1), YAML);
    }

    @Test
    void yamlFlowListsNestedFarBeyondMaxDepthThenMalformedBody() {
        int depth = 100_000;

        assertMalformed("a: " + "[".repeat(depth) + "]".repeat(depth) + "\n", YAML);
    }

    @Test
    void yamlLongerThanSnakeYamlsOwnCodePointLimitAcceptedWhenTheBodyLimitAllows() { // our body limit is the limit
        String text = "a: \"" + "b".repeat(3_200_000) + "\"\n";

        assertEquals(3_200_000, parseObject(text, YAML).getString("a").length());
    }

    @Test
    void emptyObjectsAndArraysAtEveryLevelKept() {
        String json = "{\"a\":{},\"b\":[],\"c\":[{},[],{\"d\":[]}],\"e\":{\"f\":{},\"g\":[[]]},\"h\":null}";
        JsonObject expected;
        try (var reader = Json.createReader(new java.io.StringReader(json))) {
            expected = reader.readObject();
        }

        assertEquals(expected, parseObject(json, JSON));
        assertEquals(expected, parseObject("a: {}\nb: []\nc: [{}, [], {d: []}]\ne: {f: {}, g: [[]]}\nh: null\n", YAML));
    }

    // --- bombs: what a body may make the server build ----------------------------------------------

    @Test
    void yamlNestedAliasesUnderTheAliasCountButExpandingBeyondTheBodyThenMalformedWithinMilliseconds() {
        String laughs = """
                a: &a [x,x,x,x,x,x,x,x,x]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                """;
        long start = System.nanoTime();

        MalformedBodyException error = assertMalformed(laughs, YAML);

        assertTrue(error.getMessage().contains("aliases count"), error.getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "refused before building the expansion");
    }

    @Test
    void yamlAliasOfALongStringUsedOftenThenMalformed() {
        String text = "s: &s " + "x".repeat(5000) + "\nl: [" + "*s,".repeat(9) + "*s]\n";

        assertTrue(assertMalformed(text, YAML).getMessage().contains("more text"));
    }

    @Test
    void yamlAliasesWithinTheBudgetAccepted() {
        JsonObject object = parseObject("a: &a {x: [1, 2, 3]}\nb: *a\nc: [*a, *a]\n", YAML);

        assertEquals(object.get("a"), object.getJsonArray("c").get(1));
    }

    @Test
    void yamlMergeKeyTagsThenMalformed() {
        assertMalformed("a: &a {x: 1}\nb: {? !!merge '<<' : *a, y: 2}\n", YAML);
    }

    @Test
    void yamlPlainMergeKeyIsAnOrdinaryKeyAndAliasesInItCount() {
        JsonObject object = parseObject("a: &a {x: 1}\nb: {<<: *a, y: 2}\n", YAML);
        assertEquals(1, object.getJsonObject("b").getJsonObject("<<").getInt("x"), "YAML 1.2 core: no merging");

        StringBuilder chain = new StringBuilder("a0: &a0 {k: v}\n");
        for (int i = 1; i < 30; i++) {
            chain.append("a").append(i).append(": &a").append(i).append(" {<<: [*a").append(i - 1).append(", *a").append(i - 1).append("]}\n");
        }
        assertMalformed(chain.toString(), YAML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!set {a, b}", "!!omap [a: 1]", "!!python/object x",
            "!custom x", "!!float .inf", "!!float .nan", "!!int 0x1F"})
    void yamlTagsBeyondTheJsonModelThenMalformed(String value) {
        assertMalformed("a: " + value + "\n", YAML);
    }

    @Test
    void longFlowSequencesBeyondTheValueCapThenMalformed() {
        String list = "[" + "1,".repeat(TreeBudget.MAX_VALUES + 10) + "1]";

        assertMalformed("{\"a\": " + list + "}", JSON);
        assertMalformed("a: " + list + "\n", YAML);
    }

    @Test
    void manyValuesWithinTheCapAccepted() {
        String list = "[" + "1,".repeat(20_000) + "1]";

        assertEquals(20_001, parseObject("{\"a\": " + list + "}", JSON).getJsonArray("a").size());
        assertEquals(20_001, parseObject("a: " + list + "\n", YAML).getJsonArray("a").size());
    }

    @Test
    void longNumericLiteralsThenMalformedNamingTheField() {
        String digits = "9".repeat(200_000);
        for (String text : new String[] {"{\"a\": {\"b\": [" + digits + "]}}", "{\"a\": {\"b\": [0." + digits + "]}}",
                "{\"a\": {\"b\": [-" + digits + "e5]}}"}) {
            long start = System.nanoTime();
            MalformedBodyException error = assertThrows(MalformedBodyException.class, () -> parseObject(text, JSON));
            assertTrue(error.getMessage().contains("a.b[0]"), error.getMessage());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "no digits were turned into a number");
        }
        String yaml = "a:\n  b: [" + digits + "]\n";
        assertTrue(assertThrows(MalformedBodyException.class, () -> parseObject(yaml, YAML)).getMessage().contains("a.b[0]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "1E-999999999", "-5e+1001", "0.1e-1001"})
    void numbersWithHugeExponentsThenMalformed(String number) {
        assertTrue(assertMalformed("{\"n\": " + number + "}", JSON).getMessage().contains("n"));
        assertMalformed("n: " + number + "\n", YAML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901234567890123456789012345678901234567890", "1e308", "-1.5e-300", "0.000001"})
    void ordinaryLargeAndSmallNumbersAccepted(String number) {
        assertNumber(number, parseObject("{\"n\": " + number + "}", JSON).get("n"));
        assertNumber(number, parseObject("n: " + number + "\n", YAML).get("n"));
    }

    @Test
    void manyKeysBeyondTheValueCapThenMalformed() {
        StringBuilder keys = new StringBuilder("{");
        for (int i = 0; i <= TreeBudget.MAX_VALUES; i++) {
            keys.append("\"k").append(i).append("\":1,");
        }

        assertMalformed(keys.append("\"z\":1}").toString(), JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"- a\n- b\n", "just text\n", "42\n", "~\n"})
    void yamlNonObjectDocumentThenMalformedBody(String body) {
        assertMalformed(body, YAML);
    }

    @Test
    void yamlSeveralDocumentsThenMalformedBody() {
        assertMalformed("id: a\n---\nid: b\n", YAML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a: [1, 2\n", "a: {b: 1\n", "a:\n- b\n  c: d\n", "a: 'unterminated\n", "\ta: 1\n"})
    void brokenYamlThenMalformedBody(String body) {
        assertMalformed(body, YAML);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a: !!java.io.File [/tmp]\n",
            "a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x/\"]]]]\n",
            "a: !!binary aGVsbG8=\n",
            "a: !!timestamp 2001-02-03\n",
            "a: !!set {x, y}\n"})
    void yamlTagsOutsideTheJsonModelThenMalformedBody(String body) {
        assertMalformed(body, YAML);
    }

    // --- reading the body ---------------------------------------------------

    @Test
    void readReturnsBytesAtExactlyTheLimit() {
        byte[] body = bytes(1000);

        assertArrayEquals(body, Representation.read(new ByteArrayInputStream(body), 1000));
    }

    @Test
    void readWhenOneByteOverTheLimitThenPayloadTooLarge() {
        var error = assertThrows(Problem.class,
                () -> Representation.read(new ByteArrayInputStream(bytes(1001)), 1000));

        assertEquals(413, error.status());
    }

    @Test
    void readOverTheLimitAcrossBufferBoundaries() {
        byte[] body = bytes(3 * 8192 + 1);

        assertArrayEquals(body, Representation.read(new ByteArrayInputStream(body), body.length));
        var error = assertThrows(Problem.class,
                () -> Representation.read(new ByteArrayInputStream(body), body.length - 1));
        assertEquals(413, error.status());
    }

    @Test
    void readEmptyBody() {
        assertArrayEquals(new byte[0], Representation.read(new ByteArrayInputStream(new byte[0]), 10));
    }

    @Test
    void readOfEndlessBodyStopsAtTheLimitAndClosesIt() {
        var endless = new EndlessStream();

        var error = assertThrows(Problem.class, () -> Representation.read(endless, 100_000));

        assertEquals(413, error.status());
        assertTrue(endless.delivered <= 100_000 + 8192, "read " + endless.delivered + " bytes");
        assertTrue(endless.closed);
    }

    @Test
    void readWhenStreamFailsThenMalformedBody() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThrows(MalformedBodyException.class, () -> Representation.read(failing, 100));
    }

    // --- YAML out and back in -----------------------------------------------

    @Test
    void writeThenParseKeepsStringsThatLookLikeOtherTypes() {
        JsonObject original = Json.createObjectBuilder()
                .add("octal", "012")
                .add("bool", "true")
                .add("yes", "yes")
                .add("no", "no")
                .add("on", "on")
                .add("date", "2001-02-03")
                .add("number", "42")
                .add("float", "1e3")
                .add("dot", "1.")
                .add("null", "null")
                .add("tilde", "~")
                .add("empty", "")
                .add("inf", ".inf")
                .add("hex", "0x1A")
                .add("colon", "a: b")
                .add("hash", "# not a comment")
                .add("dash", "- item")
                .add("lines", "line 1\nline 2\n")
                .add("padded", "  padded  ")
                .add("unicode", "Zoë 日本")
                .build();

        assertEquals(original, roundTrip(original));
    }

    @Test
    void writeThenParseKeepsNestedStructuresAndScalars() {
        JsonObject original = Json.createObjectBuilder()
                .add("resourceType", "User")
                .add("id", "alice")
                .add("inactive", false)
                .add("verified", true)
                .add("age", 42)
                .add("score", new BigDecimal("3.5"))
                .add("big", new BigDecimal("123456789012345678901234567890"))
                .addNull("closed")
                .add("name", Json.createObjectBuilder().add("givenName", "Alice").add("familyName", "Smith"))
                .add("roles", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("value", "admin"))
                        .add(Json.createObjectBuilder().add("value", "012")))
                .add("matrix", Json.createArrayBuilder().add(Json.createArrayBuilder().add(1).add(2)).add(Json.createArrayBuilder()))
                .add("empty", Json.createObjectBuilder())
                .add("data", Json.createObjectBuilder().add("deep", Json.createObjectBuilder().add("er", Json.createArrayBuilder().add("2001-02-03"))))
                .build();

        JsonObject back = roundTrip(original);

        assertEquals(original, back);
        assertTrue(((JsonNumber) back.get("age")).isIntegral());
    }

    @Test
    void writeThenParseKeepsLongStrings() {
        String words = "word ".repeat(2000).trim();
        JsonObject original = Json.createObjectBuilder().add("text", words).add("long" + "k".repeat(200), "v").build();

        assertEquals(original, roundTrip(original));
    }

    @Test
    void writeThenParseKeepsLargeAndPreciseNumbers() {
        JsonObject original = Json.createObjectBuilder()
                .add("huge", new BigDecimal("1E+400"))
                .add("precise", new BigDecimal("0.1000000000000000000001"))
                .build();

        JsonObject back = roundTrip(original);

        assertEquals(JsonValue.ValueType.NUMBER, back.get("huge").getValueType(), back.toString());
        assertEquals(0, original.getJsonNumber("huge").bigDecimalValue().compareTo(back.getJsonNumber("huge").bigDecimalValue()));
        assertEquals(0, original.getJsonNumber("precise").bigDecimalValue().compareTo(back.getJsonNumber("precise").bigDecimalValue()));
    }

    // --- helpers --------------------------------------------------------------

    private static JsonObject roundTrip(JsonObject original) {
        String yaml = Yaml.write(original);
        return parseObject(yaml, YAML);
    }

    private static JsonValue yamlValue(String scalar) {
        return parseObject("value: " + scalar + "\n", YAML).get("value");
    }

    private static void assertNumber(String expected, JsonValue value) {
        assertEquals(JsonValue.ValueType.NUMBER, value.getValueType(), String.valueOf(value));
        assertEquals(0, new BigDecimal(expected).compareTo(((JsonNumber) value).bigDecimalValue()), value.toString());
    }

    private static JsonObject parseObject(String body, MediaType type) {
        return Representation.parseObject(body.getBytes(StandardCharsets.UTF_8), type);
    }

    static MalformedBodyException assertMalformed(String body, MediaType type) {
        var error = assertThrows(MalformedBodyException.class,
                () -> Representation.parseObject(body.getBytes(StandardCharsets.UTF_8), type), body);
        assertEquals(400, error.status());
        return error;
    }

    private static String nestedMappings(int depth) {
        StringBuilder yaml = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            yaml.append("  ".repeat(level)).append("k:\n");
        }
        return yaml.append("  ".repeat(depth)).append("leaf\n").toString();
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static final class EndlessStream extends InputStream {
        long delivered;
        boolean closed;

        @Override
        public int read() {
            delivered++;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 'x');
            delivered += length;
            return length;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
