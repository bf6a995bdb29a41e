package gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class SearchTest {

    private static final List<JsonObject> USERS = List.of(
            resource("{\"id\": \"carol\", \"userName\": \"carol\", \"age\": 30.0, \"inactive\": false,"
                    + " \"name\": {\"givenName\": \"Carol\", \"familyName\": \"Smith\"},"
                    + " \"roles\": [{\"value\": \"reader\"}], \"meta\": {\"lastUpdated\": \"2024-03-01T00:00:00Z\"}}"),
            resource("{\"id\": \"alice\", \"userName\": \"alice\", \"age\": 30, \"inactive\": true,"
                    + " \"name\": {\"givenName\": \"Alice\", \"familyName\": \"Jones\"},"
                    + " \"roles\": [{\"value\": \"reader\"}, {\"value\": \"admin\"}], \"meta\": {\"lastUpdated\": \"2024-01-01T00:00:00Z\"}}"),
            resource("{\"id\": \"bob\", \"userName\": \"bob\", \"age\": 25, \"inactive\": false,"
                    + " \"name\": {\"givenName\": \"Bob\", \"familyName\": \"Smith\"},"
                    + " \"tags\": [\"x\", \"y\"], \"meta\": {\"lastUpdated\": \"2024-02-01T00:00:00Z\"}}"),
            resource("{\"id\": \"dave\", \"userName\": \"dave\", \"meta\": {\"lastUpdated\": \"2023-12-01T00:00:00Z\"}}"));

    @Test
    void noParametersThenAllResourcesByIdAscending() {
        Search.Page page = search();

        assertEquals(4, page.total());
        assertEquals(List.of("alice", "bob", "carol", "dave"), ids(page));
    }

    @Test
    void noMatchesThenEmptyPage() {
        Search.Page page = search("userName", "zoe");

        assertEquals(0, page.total());
        assertEquals(List.of(), page.resources());
    }

    @Test
    void emptyInputThenEmptyPage() {
        Search.Page page = Search.run(List.of(), SearchQuery.parse(Map.of()));

        assertEquals(0, page.total());
        assertEquals(List.of(), page.resources());
    }

    @Test
    void filterOnStringIsExactAndCaseSensitive() {
        assertEquals(List.of("bob"), ids(search("userName", "bob")));
        assertEquals(List.of(), ids(search("userName", "Bob")));
        assertEquals(List.of(), ids(search("userName", "bo")));
    }

    @Test
    void filterOnNumberComparesNumerically() {
        assertEquals(List.of("alice", "carol"), ids(search("age", "30")));
        assertEquals(List.of("alice", "carol"), ids(search("age", "30.0")));
        assertEquals(List.of("alice", "carol"), ids(search("age", "3e1")));
        assertEquals(List.of("bob"), ids(search("age", "25")));
    }

    @Test
    void filterOnNumberWithNonNumericValueThenNoMatch() {
        assertEquals(List.of(), ids(search("age", "thirty")));
    }

    @Test
    void filterOnBoolean() {
        assertEquals(List.of("alice"), ids(search("inactive", "true")));
        assertEquals(List.of("bob", "carol"), ids(search("inactive", "false")));
        assertEquals(List.of(), ids(search("inactive", "TRUE")));
    }

    @Test
    void filterOnNull() {
        List<JsonObject> resources = List.of(
                resource("{\"id\": \"a\", \"closed\": null}"),
                resource("{\"id\": \"b\", \"closed\": \"2024-01-01\"}"),
                resource("{\"id\": \"c\"}"));

        assertEquals(List.of("a"), ids(Search.run(resources, query("closed", "null"))));
    }

    @Test
    void filterOnNestedPath() {
        assertEquals(List.of("bob", "carol"), ids(search("name.familyName", "Smith")));
        assertEquals(List.of("alice"), ids(search("name.givenName", "Alice")));
    }

    @Test
    void filterOnObjectItselfThenNoMatch() {
        assertEquals(List.of(), ids(search("name", "Smith")));
    }

    @Test
    void filterThroughScalarThenNoMatch() {
        assertEquals(List.of(), ids(search("userName.first", "alice")));
    }

    @Test
    void filterFansOutOverArraysOfObjects() {
        assertEquals(List.of("alice"), ids(search("roles.value", "admin")));
        assertEquals(List.of("alice", "carol"), ids(search("roles.value", "reader")));
    }

    @Test
    void filterFansOutOverArraysOfScalars() {
        assertEquals(List.of("bob"), ids(search("tags", "y")));
    }

    @Test
    void filterWithCommaMatchesAnyValue() {
        assertEquals(List.of("alice", "bob"), ids(search("userName", "alice,bob,zoe")));
    }

    @Test
    void repeatedFilterMustAllHold() {
        Map<String, List<String>> parameters = Map.of("roles.value", List.of("reader", "admin"));

        assertEquals(List.of("alice"), ids(Search.run(USERS, SearchQuery.parse(parameters))));
    }

    @Test
    void filtersOnDifferentFieldsMustAllHold() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("name.familyName", List.of("Smith"));
        parameters.put("age", List.of("30"));

        assertEquals(List.of("carol"), ids(Search.run(USERS, SearchQuery.parse(parameters))));
    }

    @Test
    void idListSelectsResources() {
        assertEquals(List.of("alice", "dave"), ids(search("_id", "dave,alice,nobody")));
    }

    @Test
    void idListCombinesWithFilters() {
        Map<String, List<String>> parameters = Map.of("_id", List.of("alice,bob"), "inactive", List.of("false"));

        assertEquals(List.of("bob"), ids(Search.run(USERS, SearchQuery.parse(parameters))));
    }

    @Test
    void sortAscendingWithMissingValuesLast() {
        assertEquals(List.of("bob", "alice", "carol", "dave"), ids(search("_sort", "age")));
    }

    @Test
    void sortDescendingWithMissingValuesStillLast() {
        assertEquals(List.of("alice", "carol", "bob", "dave"), ids(search("_sort", "-age")));
    }

    @Test
    void sortTiesBrokenByIdAscendingEvenWhenDescending() {
        List<String> descending = ids(search("_sort", "-age"));

        assertEquals(List.of("alice", "carol"), descending.subList(0, 2));
    }

    @Test
    void sortNumbersNumericallyNotLexically() {
        List<JsonObject> resources = List.of(
                resource("{\"id\": \"a\", \"n\": 10}"),
                resource("{\"id\": \"b\", \"n\": 9}"),
                resource("{\"id\": \"c\", \"n\": 100}"));

        assertEquals(List.of("b", "a", "c"), ids(Search.run(resources, query("_sort", "n"))));
    }

    @Test
    void sortStrings() {
        assertEquals(List.of("alice", "bob", "carol", "dave"), ids(search("_sort", "userName")));
        assertEquals(List.of("dave", "carol", "bob", "alice"), ids(search("_sort", "-userName")));
    }

    @Test
    void sortByNestedPathThenSecondKey() {
        assertEquals(List.of("alice", "bob", "carol", "dave"), ids(search("_sort", "name.familyName,name.givenName")));
        assertEquals(List.of("carol", "bob", "alice", "dave"), ids(search("_sort", "-name.familyName,-name.givenName")));
    }

    @Test
    void sortByLastUpdated() {
        assertEquals(List.of("dave", "alice", "bob", "carol"), ids(search("_sort", "lastUpdated")));
        assertEquals(List.of("carol", "bob", "alice", "dave"), ids(search("_sort", "-lastUpdated")));
    }

    @Test
    void pagingFirstPage() {
        Search.Page page = Search.run(USERS, SearchQuery.parse(Map.of("_count", List.of("3"))));

        assertEquals(4, page.total());
        assertEquals(List.of("alice", "bob", "carol"), ids(page));
    }

    @Test
    void pagingLastPartialPage() {
        Search.Page page = Search.run(USERS, SearchQuery.parse(Map.of("_count", List.of("3"), "_page", List.of("2"))));

        assertEquals(4, page.total());
        assertEquals(List.of("dave"), ids(page));
    }

    @Test
    void pagingMiddlePage() {
        Search.Page page = Search.run(USERS, SearchQuery.parse(Map.of("_count", List.of("1"), "_page", List.of("2"))));

        assertEquals(List.of("bob"), ids(page));
    }

    @Test
    void pagingBeyondTheEndThenEmptyWithTotal() {
        Search.Page page = Search.run(USERS, SearchQuery.parse(Map.of("_count", List.of("3"), "_page", List.of("3"))));

        assertEquals(4, page.total());
        assertEquals(List.of(), page.resources());
    }

    @Test
    void pagingFarBeyondTheEndDoesNotOverflow() {
        Search.Page page = Search.run(USERS, SearchQuery.parse(Map.of("_count", List.of("1000"),
                "_page", List.of(String.valueOf(Integer.MAX_VALUE)))));

        assertEquals(4, page.total());
        assertEquals(List.of(), page.resources());
    }

    @Test
    void countZeroThenTotalWithoutResources() {
        Search.Page page = Search.run(USERS, SearchQuery.parse(Map.of("_count", List.of("0"))));

        assertEquals(4, page.total());
        assertEquals(List.of(), page.resources());
    }

    @Test
    void pagingAppliesAfterFilterAndSort() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("name.familyName", List.of("Smith,Jones"));
        parameters.put("_sort", List.of("-userName"));
        parameters.put("_count", List.of("2"));
        parameters.put("_page", List.of("2"));

        Search.Page page = Search.run(USERS, SearchQuery.parse(parameters));

        assertEquals(3, page.total());
        assertEquals(List.of("alice"), ids(page));
    }

    @Test
    void resultPageIsUnmodifiableCopy() {
        Search.Page page = search();

        assertTrue(page.resources() != USERS);
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> page.resources().clear());
    }

    private static Search.Page search() {
        return Search.run(USERS, SearchQuery.parse(Map.of()));
    }

    private static Search.Page search(String name, String value) {
        return Search.run(USERS, query(name, value));
    }

    private static SearchQuery query(String name, String value) {
        return SearchQuery.parse(Map.of(name, List.of(value)));
    }

    private static List<String> ids(Search.Page page) {
        return page.resources().stream().map(resource -> resource.getString("id")).toList();
    }

    private static JsonObject resource(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
