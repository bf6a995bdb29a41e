package gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import gatehouse.error.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchQueryTest {

    @Test
    void noParametersThenDefaults() {
        SearchQuery query = SearchQuery.parse(Map.of());

        assertEquals(SearchQuery.DEFAULT_COUNT, query.count());
        assertEquals(100, query.count());
        assertEquals(1, query.page());
        assertEquals(List.of(), query.sort());
        assertNull(query.ids());
        assertEquals(List.of(), query.filters());
        assertEquals(0, query.offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "50", "1000"})
    void countWithinBoundsThenAccepted(String count) {
        assertEquals(Integer.parseInt(count), parse("_count", count).count());
    }

    @Test
    void countAboveMaximumThenBadRequest() {
        assertBadRequest(Map.of("_count", List.of("1001")));
        assertBadRequest(Map.of("_count", List.of(String.valueOf(Integer.MAX_VALUE))));
        assertBadRequest(Map.of("_count", List.of("99999999999")));
    }

    @Test
    void countNegativeThenBadRequest() {
        assertBadRequest(Map.of("_count", List.of("-1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "1.5", "1e2", " 5", "0x10"})
    void countNotIntegerThenBadRequest(String count) {
        assertBadRequest(Map.of("_count", List.of(count)));
    }

    @Test
    void countRepeatedThenBadRequest() {
        var error = assertBadRequest(Map.of("_count", List.of("10", "20")));

        assertTrue(error.getMessage().contains("_count"), error.getMessage());
    }

    @Test
    void pageOneAndAboveThenAccepted() {
        assertEquals(1, parse("_page", "1").page());
        assertEquals(7, parse("_page", "7").page());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "first", ""})
    void pageBelowOneOrNotIntegerThenBadRequest(String page) {
        assertBadRequest(Map.of("_page", List.of(page)));
    }

    @Test
    void pageRepeatedThenBadRequest() {
        assertBadRequest(Map.of("_page", List.of("1", "2")));
    }

    @Test
    void offsetIsPageMinusOneTimesCount() {
        SearchQuery query = SearchQuery.parse(Map.of("_count", List.of("10"), "_page", List.of("3")));

        assertEquals(20, query.offset());
    }

    @Test
    void offsetOfHugePageDoesNotOverflow() {
        SearchQuery query = SearchQuery.parse(Map.of("_count", List.of("1000"),
                "_page", List.of(String.valueOf(Integer.MAX_VALUE))));

        assertEquals((Integer.MAX_VALUE - 1L) * 1000L, query.offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"_foo", "_include", "_elements", "_"})
    void unknownUnderscoreParameterThenBadRequest(String name) {
        var error = assertBadRequest(Map.of(name, List.of("x")));

        assertTrue(error.getMessage().contains(name), error.getMessage());
    }

    @Test
    void sortAscendingField() {
        assertEquals(List.of(new SearchQuery.SortKey(List.of("userName"), false)), parse("_sort", "userName").sort());
    }

    @Test
    void sortWithMinusThenDescending() {
        assertEquals(List.of(new SearchQuery.SortKey(List.of("userName"), true)), parse("_sort", "-userName").sort());
    }

    @Test
    void sortCommaListKeepsOrder() {
        assertEquals(List.of(
                        new SearchQuery.SortKey(List.of("familyName"), false),
                        new SearchQuery.SortKey(List.of("age"), true),
                        new SearchQuery.SortKey(List.of("name", "given"), false)),
                parse("_sort", "familyName,-age,name.given").sort());
    }

    @Test
    void sortLastUpdatedMapsToMetaLastUpdated() {
        assertEquals(List.of(new SearchQuery.SortKey(List.of("meta", "lastUpdated"), false)), parse("_sort", "lastUpdated").sort());
        assertEquals(List.of(new SearchQuery.SortKey(List.of("meta", "lastUpdated"), true)), parse("_sort", "-lastUpdated").sort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "--name", "name,", ",name", "name,,age", "1name", "na me", "name.", "a..b", "_id"})
    void sortWithInvalidFieldThenBadRequest(String sort) {
        assertBadRequest(Map.of("_sort", List.of(sort)));
    }

    @Test
    void sortRepeatedThenBadRequest() {
        assertBadRequest(Map.of("_sort", List.of("a", "b")));
    }

    @Test
    void idCommaListParsed() {
        assertEquals(Set.of("a", "b", "c"), parse("_id", "a,b,c").ids());
        assertEquals(Set.of("only"), parse("_id", "only").ids());
    }

    @Test
    void idRepeatedThenBadRequest() {
        assertBadRequest(Map.of("_id", List.of("a", "b")));
    }

    @Test
    void fieldFilterParsed() {
        assertEquals(List.of(new SearchQuery.Filter(List.of("userName"), Set.of("alice"))), parse("userName", "alice").filters());
    }

    @Test
    void dottedFieldFilterSplitsPath() {
        assertEquals(List.of(new SearchQuery.Filter(List.of("user", "id"), Set.of("alice"))), parse("user.id", "alice").filters());
        assertEquals(List.of("name", "given"), parse("name.given", "Ann").filters().get(0).path());
    }

    @Test
    void filterCommaMeansAnyOf() {
        SearchQuery.Filter filter = parse("status", "active,pending").filters().get(0);

        assertEquals(Set.of("active", "pending"), filter.anyOf());
    }

    @Test
    void repeatedFilterMeansAllOf() {
        SearchQuery query = SearchQuery.parse(Map.of("tag", List.of("a,b", "c")));

        assertEquals(List.of(
                new SearchQuery.Filter(List.of("tag"), Set.of("a", "b")),
                new SearchQuery.Filter(List.of("tag"), Set.of("c"))), query.filters());
    }

    @Test
    void filtersOnSeveralFieldsAllKept() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("userName", List.of("alice"));
        parameters.put("name.family", List.of("Smith"));
        parameters.put("_count", List.of("5"));

        SearchQuery query = SearchQuery.parse(parameters);

        assertEquals(2, query.filters().size());
        assertEquals(5, query.count());
    }

    @Test
    void fieldNamesWithDigitsHyphensAndUnderscoresAccepted() {
        assertEquals(List.of("a1", "b_c", "d-e"), parse("a1.b_c.d-e", "x").filters().get(0).path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "-abc", "a b", "a.", ".a", "a..b", "a/b", "a[0]", "ä", "a.1b", "a$"})
    void invalidFieldNameThenBadRequest(String name) {
        assertBadRequest(Map.of(name, List.of("x")));
    }

    @Test
    void fieldNameLongerThanSixtyFourCharactersThenBadRequest() {
        parse("a".repeat(64), "x");
        assertBadRequest(Map.of("a".repeat(65), List.of("x")));
    }

    @Test
    void pathDeeperThanEightSegmentsThenBadRequest() {
        parse("a.b.c.d.e.f.g.h", "x");
        assertBadRequest(Map.of("a.b.c.d.e.f.g.h.i", List.of("x")));
    }

    @Test
    void tooManyParametersThenBadRequest() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i <= SearchQuery.MAX_PARAMETERS; i++) {
            parameters.put("f" + i, List.of("x"));
        }

        assertBadRequest(parameters);
        parameters.remove("f0");
        assertEquals(SearchQuery.MAX_PARAMETERS, SearchQuery.parse(parameters).filters().size());
    }

    private static SearchQuery parse(String name, String value) {
        return SearchQuery.parse(Map.of(name, List.of(value)));
    }

    private static Problem assertBadRequest(Map<String, List<String>> parameters) {
        var error = assertThrows(Problem.class, () -> SearchQuery.parse(parameters), parameters.toString());
        assertEquals(400, error.status());
        return error;
    }
}
