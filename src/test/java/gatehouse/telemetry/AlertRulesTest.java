package gatehouse.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Prometheus alert rules name only series that /metrics really exports, with
 * labels those series really have. The exported names are not copied into the test: they are
 * read from the scrape of a real {@link Meters} whose every meter has been touched once, so
 * Micrometer's own naming (suffixes such as {@code _total}, {@code _seconds_bucket}) decides.
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("server-config", "prometheus", "gatehouse-alerts.yml");
    /** Series the rules may use that Gatehouse does not export: Prometheus' own, and a blackbox exporter's. */
    private static final Set<String> NOT_GATEHOUSE = Set.of("up", "probe_success");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?(\\s*\\()?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

    /** Every series name /metrics exports, with the label names it carries. */
    private static Map<String, Set<String>> exported;

    @BeforeAll
    static void scrape() {
        Meters meters = new Meters();
        meters.enabled = true;
        meters.register();
        meters.tokenRequest("password", "success", 1_000_000);
        meters.bearer(true, true, 1_000);
        meters.refreshReuse();
        meters.sessionOpened("password");
        meters.sessionsClosed("logout", 1);
        meters.policyDenied();
        meters.auditDropped();
        meters.hashGate(() -> 0, () -> 0, () -> 0);
        meters.openSessions(() -> 0);
        meters.signingKeyAge(() -> 0);
        exported = new HashMap<>();
        for (String line : meters.scrape().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = brace >= 0 ? brace : line.indexOf(' ');
            Set<String> labels = exported.computeIfAbsent(line.substring(0, end), name -> new HashSet<>());
            if (brace >= 0) {
                Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace, line.indexOf('}')));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
    }

    @Test
    void scrapeHasTheMetersOperatorsAreToldAbout() { // guards the guard: an empty scrape would pass everything
        assertTrue(exported.keySet().containsAll(Set.of("gatehouse_token_requests_seconds_bucket", "gatehouse_refresh_reuse_total",
                "gatehouse_hash_rejected", "gatehouse_sessions_open", "gatehouse_signing_key_age_seconds")), exported.keySet().toString());
        assertEquals(Set.of("grant_type", "outcome", "le"), exported.get("gatehouse_token_requests_seconds_bucket"));
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

    /** The series and label names in one PromQL expression that nothing exports. */
    private static List<String> unknownNames(String expr) {
        List<String> unknown = new ArrayList<>();
        String bare = RANGE.matcher(STRING.matcher(expr).replaceAll("\"\"")).replaceAll("");
        Set<String> grouping = new HashSet<>();
        Matcher groups = GROUPING.matcher(bare);
        while (groups.find()) {
            for (String label : groups.group(1).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.strip());
                }
            }
        }
        Set<String> labelsOfSeries = new HashSet<>();
        Matcher selector = SELECTOR.matcher(GROUPING.matcher(bare).replaceAll(""));
        while (selector.find()) {
            String name = selector.group(1);
            if (selector.group(3) != null || KEYWORDS.contains(name.toLowerCase())) {
                continue; // a function or aggregation, or a keyword
            }
            if (NOT_GATEHOUSE.contains(name)) {
                continue;
            }
            Set<String> labels = exported.get(name);
            if (labels == null) {
                unknown.add(name);
                continue;
            }
            labelsOfSeries.addAll(labels);
            if (selector.group(2) != null) {
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    if (!labels.contains(matcher.group(1))) {
                        unknown.add(name + "{" + matcher.group(1) + "}");
                    }
                }
            }
        }
        for (String label : grouping) {
            if (!labelsOfSeries.contains(label)) {
                unknown.add("by (" + label + ")");
            }
        }
        return unknown;
    }
}
