package gatehouse.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What /metrics exports, for tests of the files that query it (alert rules, the Grafana
 * dashboard). The names are not copied into tests: they are read from the scrape of a real
 * {@link Meters} whose every meter has been touched once, so Micrometer's own naming
 * (suffixes such as {@code _total}, {@code _seconds_bucket}) decides.
 */
final class ExportedSeries {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?(\\s*\\()?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    /** Every series name, with the label names it carries. */
    private final Map<String, Set<String>> series = new HashMap<>();
    /** The metric families (the names of the {@code # TYPE} lines). */
    private final Set<String> families = new HashSet<>();

    private ExportedSeries(String scrape) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = brace >= 0 ? brace : line.indexOf(' ');
            Set<String> labels = series.computeIfAbsent(line.substring(0, end), name -> new HashSet<>());
            if (brace >= 0) {
                Matcher label = LABEL.matcher(line.substring(brace, line.indexOf('}')));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
    }

    /** The scrape of a fresh {@link Meters} after every one of its meters recorded once. */
    static ExportedSeries ofEveryMeter() {
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
        return new ExportedSeries(meters.scrape());
    }

    /** Series name to label names. */
    Map<String, Set<String>> series() {
        return series;
    }

    Set<String> families() {
        return families;
    }

    /**
     * The series and label names in one PromQL expression that nothing exports; series named in
     * {@code notGatehouse} (Prometheus' own {@code up}, another exporter's) are let through.
     */
    List<String> unknownNames(String expr, Set<String> notGatehouse) {
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
            if (notGatehouse.contains(name)) {
                continue;
            }
            Set<String> labels = series.get(name);
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
