package gatehouse.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import gatehouse.config.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class SearchValuesTest {

    private static JsonObject json(String text) {
        try (var reader = Jsonp.PROVIDER.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void everyScalarAtItsDottedPathArraysFannedOutEnvelopeLeftOut() {
        List<SearchValues.Row> rows = SearchValues.of(json("""
                {"resourceType": "Patient", "id": "p1", "meta": {"versionId": "1"},
                 "name": [{"family": "Smith", "given": ["Ann", "Bo"]}, {"family": "Jones"}],
                 "birthDate": "1980-05-01", "age": 45, "active": true, "gone": null, "org": {"id": "o1"}}"""));
        List<String> seen = rows.stream().map(row -> row.path() + "=" + row.kind() + ":" + row.text()).toList();
        assertEquals(List.of("name.family=s:Smith", "name.given=s:Ann", "name.given=s:Bo", "name.family=s:Jones",
                "birthDate=t:1980-05-01", "age=n:45", "active=b:true", "org.id=s:o1"), seen);
    }

    @Test
    void onlyTheFirstValueAtAPathCarriesASortKey() {
        List<SearchValues.Row> rows = SearchValues.of(json("{\"tag\": [\"b\", \"a\"]}"));
        assertEquals("3b", rows.get(0).sortKey());
        assertNull(rows.get(1).sortKey());
    }

    @Test
    void datesAreIndexedAsTheStartOfTheirSpan() {
        SearchValues.Row row = SearchValues.of(json("{\"exp\": \"2026-12-01T10:15:30Z\"}")).get(0);
        assertEquals('t', row.kind());
        assertEquals(1_796_120_130_000.0, row.number());
        SearchValues.Row month = SearchValues.of(json("{\"d\": \"2026-02\"}")).get(0);
        assertEquals('t', month.kind());
        SearchValues.Row notADate = SearchValues.of(json("{\"d\": \"2026-13-01\"}")).get(0);
        assertEquals('s', notADate.kind());
        SearchValues.Row year = SearchValues.of(json("{\"d\": \"2026\"}")).get(0);
        assertEquals('s', year.kind(), "a bare year in a document is a string, not a date");
    }

    @Test
    void sortKeysOrderNumbersThenDatesThenStringsAndEachByValue() {
        List<String> keys = new ArrayList<>(List.of(
                SearchValues.textKey("apple"), SearchValues.numberKey(-1e300), SearchValues.timeKey(-62_000_000_000_000L),
                SearchValues.numberKey(2.5), SearchValues.numberKey(-0.5), SearchValues.timeKey(0),
                SearchValues.numberKey(10), SearchValues.numberKey(0), SearchValues.textKey("Zebra"),
                SearchValues.timeKey(1_800_000_000_000L), SearchValues.numberKey(1e300), SearchValues.numberKey(-3)));
        keys.sort(Comparator.naturalOrder());
        assertEquals(List.of(
                SearchValues.numberKey(-1e300), SearchValues.numberKey(-3), SearchValues.numberKey(-0.5),
                SearchValues.numberKey(0), SearchValues.numberKey(2.5), SearchValues.numberKey(10), SearchValues.numberKey(1e300),
                SearchValues.timeKey(-62_000_000_000_000L), SearchValues.timeKey(0), SearchValues.timeKey(1_800_000_000_000L),
                SearchValues.textKey("Zebra"), SearchValues.textKey("apple")), keys);
        assertEquals(SearchValues.numberKey(0.0), SearchValues.numberKey(-0.0));
        assertTrue(keys.stream().filter(key -> !key.startsWith("3")).allMatch(key -> key.chars().allMatch(Character::isDigit)),
                "numbers and dates are digits only, which every collation orders alike");
    }

    @Test
    void longTextIsAPrefixAndAHashSoThatEqualityStaysExact() {
        String a = "x".repeat(300) + "a";
        String b = "x".repeat(300) + "b";
        assertTrue(SearchValues.text(a).length() <= SearchValues.MAX_TEXT);
        assertNotEquals(SearchValues.text(a), SearchValues.text(b));
        assertEquals(SearchValues.text(a), SearchValues.text(new String(a)));
        String emoji = "x".repeat(199) + "\uD83D\uDE00" + "y".repeat(100);
        assertTrue(!Character.isHighSurrogate(SearchValues.text(emoji).charAt(198)) || SearchValues.text(emoji).charAt(199) != '#');
        assertEquals("a\uFFFDb", SearchValues.text("a\0b"), "NUL cannot be stored in PostgreSQL text");
    }

    @Test
    void deepAndOddlyNamedFieldsAreLeftOut() {
        assertEquals(List.of(), SearchValues.of(json("{\"a b\": 1, \"1x\": 2, \"ä\": 3}")));
        String deep = "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}";
        assertEquals(List.of(), SearchValues.of(json(deep)), "nine levels: beyond what a search can name");
        assertEquals(1, SearchValues.of(json("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":1}}}}}}}}")).size());
    }
}
