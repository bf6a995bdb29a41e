package gatehouse.telemetry;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The shipped Grafana dashboard queries only series that /metrics exports, with labels they
 * have (as {@link AlertRulesTest} checks the alert rules), through the {@code ${datasource}}
 * variable, and leaves none of the server's meters out.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("server-config", "grafana", "gatehouse-dashboard.json");
    private static final JsonValue DATASOURCE = Json.createObjectBuilder()
            .add("type", "prometheus").add("uid", "${datasource}").build();

    private static ExportedSeries exported;
    private static JsonObject dashboard;

    @BeforeAll
    static void read() throws IOException {
        exported = ExportedSeries.ofEveryMeter();
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(DASHBOARD)))) {
            dashboard = reader.readObject();
        }
    }

    @Test
    void everyExpressionNamesOnlyExportedSeriesAndLabels() {
        List<String> expressions = expressions();
        assertFalse(expressions.isEmpty(), "no queries in " + DASHBOARD);
        List<String> unknown = new ArrayList<>();
        for (String expr : expressions) {
            unknown.addAll(exported.unknownNames(expr, Set.of()));
        }
        assertEquals(List.of(), unknown, "names in " + DASHBOARD + " that /metrics does not export");
    }

    @Test
    void everyPanelQueriesTheDatasourceVariable() {
        JsonObject variable = dashboard.getJsonObject("templating").getJsonArray("list").stream()
                .map(JsonValue::asJsonObject).filter(v -> v.getString("name").equals("datasource")).findFirst().orElseThrow();
        assertEquals("datasource", variable.getString("type"));
        assertEquals("prometheus", variable.getString("query"));
        List<String> wrong = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonObject panel : panels()) {
            if (!ids.add(panel.getInt("id"))) {
                wrong.add(panel.getString("title") + ": id " + panel.getInt("id") + " used twice");
            }
            if (panel.getString("type").equals("row")) {
                continue;
            }
            if (!DATASOURCE.equals(panel.get("datasource"))) {
                wrong.add(panel.getString("title"));
            }
            for (JsonValue target : panel.getJsonArray("targets")) {
                if (!DATASOURCE.equals(target.asJsonObject().get("datasource"))) {
                    wrong.add(panel.getString("title") + " " + target.asJsonObject().getString("refId"));
                }
            }
        }
        assertEquals(List.of(), wrong, "panels not on ${datasource}");
    }

    @Test
    void everyGatehouseMeterIsOnTheDashboard() {
        List<String> expressions = expressions();
        Set<String> missing = new TreeSet<>();
        for (String family : exported.families()) {
            // Micrometer's _max gauges are the largest value since the last scrape: the buckets say more.
            if (family.startsWith("gatehouse_") && !family.endsWith("_max")
                    && expressions.stream().noneMatch(expr -> expr.contains(family))) {
                missing.add(family);
            }
        }
        assertEquals(Set.of(), missing, "meters " + DASHBOARD + " does not show");
    }

    private static List<JsonObject> panels() {
        return dashboard.getJsonArray("panels").stream().map(JsonValue::asJsonObject).toList();
    }

    private static List<String> expressions() {
        return panels().stream().filter(panel -> panel.containsKey("targets"))
                .flatMap(panel -> panel.getJsonArray("targets").stream())
                .map(target -> target.asJsonObject().getString("expr")).toList();
    }
}
