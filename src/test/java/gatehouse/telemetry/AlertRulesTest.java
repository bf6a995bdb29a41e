package gatehouse.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Prometheus alert rules name only series that /metrics really exports, with
 * labels those series really have ({@link ExportedSeries}: read from a real scrape).
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("server-config", "prometheus", "gatehouse-alerts.yml");
    /** Series the rules may use that Gatehouse does not export: Prometheus' own, and a blackbox exporter's. */
    private static final Set<String> NOT_GATEHOUSE = Set.of("up", "probe_success");

    private static ExportedSeries exported;

    @BeforeAll
    static void scrape() {
        exported = ExportedSeries.ofEveryMeter();
    }

    @Test
    void scrapeHasTheMetersOperatorsAreToldAbout() { // guards the guard: an empty scrape would pass everything
        assertTrue(exported.series().keySet().containsAll(Set.of("gatehouse_token_requests_seconds_bucket", "gatehouse_refresh_reuse_total",
                "gatehouse_hash_rejected", "gatehouse_sessions_open", "gatehouse_signing_key_age_seconds")), exported.series().keySet().toString());
        assertEquals(Set.of("grant_type", "outcome", "le"), exported.series().get("gatehouse_token_requests_seconds_bucket"));
    }

    @Test
    void everyAlertExpressionNamesOnlyExportedSeriesAndLabels() throws IOException {
        List<String> unknown = new ArrayList<>();
        List<String> expressions = expressions();
        assertFalse(expressions.isEmpty(), "no alert rules in " + RULES);
        for (String expr : expressions) {
            unknown.addAll(unknownNames(expr));
        }
        assertEquals(List.of(), unknown, "names in " + RULES + " that /metrics does not export");
    }

    @Test
    void checkerWhenSeriesOrLabelMisspeltThenNamesIt() {
        assertEquals(List.of("gatehouse_refresh_reuses_total"), unknownNames("increase(gatehouse_refresh_reuses_total[15m]) > 0"));
        assertEquals(List.of("gatehouse_token_requests_seconds_count{grant}"),
                unknownNames("sum(rate(gatehouse_token_requests_seconds_count{grant=\"password\"}[5m])) > 1"));
        assertEquals(List.of("by (instance_name)"),
                unknownNames("histogram_quantile(0.99, sum by (le, instance_name) (rate(gatehouse_token_requests_seconds_bucket[5m]))) > 2"));
        assertEquals(List.of(), unknownNames("up{job=\"gatehouse\"} == 0 or probe_success{job=\"x\"} == 0"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> expressions() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(RULES));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
            }
        }
        return expressions;
    }

    private static List<String> unknownNames(String expr) {
        return exported.unknownNames(expr, NOT_GATEHOUSE);
    }
}
