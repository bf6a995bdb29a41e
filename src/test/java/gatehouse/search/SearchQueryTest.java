package gatehouse.search;

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
        assertNull(query.page());
        assertNull(query.cursor());
        assertNull(query.elements());
        assertTrue(query.total());
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
    @ValueSource(strings = {"_foo", "_include", "_summary", "_"})
    void unknownUnderscoreParameterThenBadRequest(String name) {
        var error = assertBadRequest(Map.of(name, List.of("x")));

        assertTrue(error.getMessage().contains(name), error.getMessage());
    }

    @Test
    void sortAscendingField() {
        assertEquals(List.of(new SearchQuery.SortKey("userName", false)), parse("_sort", "userName").sort());
    }

    @Test
    void sortWithMinusThenDescending() {
        assertEquals(List.of(new SearchQuery.SortKey("userName", true)), parse("_sort", "-userName").sort());
    }

    @Test
    void sortCommaListKeepsOrder() {
        assertEquals(List.of(
                        new SearchQuery.SortKey("familyName", false),
                        new SearchQuery.SortKey("age", true),
                        new SearchQuery.SortKey("name.given", false)),
                parse("_sort", "familyName,-age,name.given").sort());
    }

    @Test
    void sortLastUpdatedMapsToMetaLastUpdated() {
        assertEquals(List.of(new SearchQuery.SortKey(SearchQuery.LAST_UPDATED, false)), parse("_sort", "lastUpdated").sort());
        assertEquals(List.of(new SearchQuery.SortKey(SearchQuery.LAST_UPDATED, true)), parse("_sort", "-lastUpdated").sort());
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
        assertEquals(List.of(new SearchQuery.Filter("userName", null, List.of("alice"))), parse("userName", "alice").filters());
    }

    @Test
    void dottedFieldFilterSplitsPath() {
        assertEquals(List.of(new SearchQuery.Filter("user.id", null, List.of("alice"))), parse("user.id", "alice").filters());
        assertEquals("name.given", parse("name.given", "Ann").filters().get(0).field());
    }

    @Test
    void filterCommaMeansAnyOf() {
        SearchQuery.Filter filter = parse("status", "active,pending").filters().get(0);

        assertEquals(List.of("active", "pending"), filter.anyOf());
    }

    @Test
    void repeatedFilterMeansAllOf() {
        SearchQuery query = SearchQuery.parse(Map.of("tag", List.of("a,b", "c")));

        assertEquals(List.of(
                new SearchQuery.Filter("tag", null, List.of("a", "b")),
                new SearchQuery.Filter("tag", null, List.of("c"))), query.filters());
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
        assertEquals("a1.b_c.d-e", parse("a1.b_c.d-e", "x").filters().get(0).field());
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

    @Test
    void missingModifierTakesTrueOrFalse() {
        assertEquals(List.of(new SearchQuery.Filter("closed", true, List.of())), parse("closed:missing", "true").filters());
        assertEquals(List.of(new SearchQuery.Filter("name.family", false, List.of())),
                parse("name.family:missing", "false").filters());
        assertBadRequest(Map.of("closed:missing", List.of("yes")));
        assertBadRequest(Map.of("closed:missing", List.of("")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed:exact", "closed:", "name:contains", "a:missing:missing"})
    void unknownModifierThenBadRequest(String name) {
        assertBadRequest(Map.of(name, List.of("true")));
    }

    @Test
    void lastUpdatedFilterAndSortKey() {
        assertEquals(SearchQuery.LAST_UPDATED, parse("_lastUpdated", "ge2026-01-01").filters().get(0).field());
        assertEquals(List.of("ge2026-01-01", "lt2020"), parse("_lastUpdated", "ge2026-01-01,lt2020").filters().get(0).anyOf());
        assertEquals(List.of(new SearchQuery.SortKey(SearchQuery.LAST_UPDATED, true)), parse("_sort", "-_lastUpdated").sort());
    }

    @Test
    void elementsAreTopLevelNames() {
        assertEquals(Set.of("name", "birthDate"), parse("_elements", "name,birthDate").elements());
        assertBadRequest(Map.of("_elements", List.of("name.family")));
        assertBadRequest(Map.of("_elements", List.of("name,")));
        assertBadRequest(Map.of("_elements", List.of("")));
    }

    @Test
    void totalIsAccurateOrNone() {
        assertTrue(parse("_total", "accurate").total());
        assertEquals(false, parse("_total", "none").total());
        assertBadRequest(Map.of("_total", List.of("estimate")));
    }

    @Test
    void pageAndCursorTogetherThenBadRequest() {
        assertEquals("abc", parse("_cursor", "abc").cursor());
        assertBadRequest(Map.of("_page", List.of("2"), "_cursor", List.of("abc")));
    }

    @Test
    void fieldsInsideAnObjectNamedLikeASecretAreOrdinary() {
        assertEquals("auth.password.token_format", parse("auth.password.token_format", "jwt").filters().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "secret", "secretHash", "passwordHash", "data.password", "a.accessHash",
            "PASSWORD", "Secret", "x.refresh_hash", "password.hint", "secret.a.b"})
    void hiddenFieldsCannotBeFilteredSortedOrSelected(String field) {
        assertTrue(assertBadRequest(Map.of(field, List.of("x"))).getMessage().contains("cannot be searched"));
        assertBadRequest(Map.of(field + ":missing", List.of("true")));
        assertBadRequest(Map.of("_sort", List.of(field)));
        assertBadRequest(Map.of("_sort", List.of("-" + field)));
        if (!field.contains(".")) {
            assertBadRequest(Map.of("_elements", List.of("name," + field)));
        }
    }

    @Test
    void sortNamingAFieldTwiceThenBadRequest() {
        assertBadRequest(Map.of("_sort", List.of("a,-a")));
        assertBadRequest(Map.of("_sort", List.of("lastUpdated,_lastUpdated")));
    }

    @Test
    void tooManyAlternativesOrTooLongValueThenBadRequest() {
        assertBadRequest(Map.of("org", List.of(String.join(",", java.util.Collections.nCopies(101, "x")))));
        assertBadRequest(Map.of("org", List.of("x".repeat(SearchQuery.MAX_VALUE_LENGTH + 1))));
        assertEquals(100, parse("org", String.join(",", java.util.Collections.nCopies(100, "x"))).filters().get(0).anyOf().size());
    }

    @Test
    void selectiveWhenAFilterOrIdsAreGiven() {
        assertEquals(false, parse("_count", "5").selective());
        assertTrue(parse("user.id", "alice").selective());
        assertTrue(parse("_id", "a").selective());
        assertTrue(parse("closed:missing", "true").selective());
    }
}
