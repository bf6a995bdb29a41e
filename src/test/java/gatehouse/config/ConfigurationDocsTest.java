package gatehouse.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md against the code: every key the application reads
 * ({@code @ConfigProperty}, {@code ${MPCONFIG=…}}, {@code Config.getValue} and friends) or the
 * server's configuration files resolve ({@code ${gatehouse.…:…}}) is documented with its
 * default, no documented key goes unread, and each documented default is the one of
 * {@code META-INF/microprofile-config.properties}, the only place defaults live.
 * The table names keys as environment variables, MicroProfile Config's spelling of the
 * property: {@code GATEHOUSE_DATA_DIR} is {@code gatehouse.data.dir}.
 */
class ConfigurationDocsTest {

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(([^)]*)\\)");
    private static final Pattern NAME = Pattern.compile("name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MPCONFIG = Pattern.compile("\\$\\{MPCONFIG=([^}]+)}");
    private static final Pattern LOOKUP = Pattern.compile("\\.get(?:Optional)?Values?\\(\\s*\"(gatehouse\\.[^\"]+)\"");
    private static final Pattern SERVER_EXPRESSION = Pattern.compile("\\$\\{(gatehouse\\.[a-z.]+):");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Pattern CLASS = Pattern.compile("^[a-z]+/[A-Z][A-Za-z]+$");

    private final Path root = gatehouse.testing.Repository.root();

    /** A row of the table: its keys, their documented defaults (none: empty), the classes it names. */
    private record Row(int line, List<String> keys, List<String> defaults, boolean none, List<String> classes) {
    }

    @Test
    void everyKeyTheCodeReadsIsDocumentedAndEveryDocumentedKeyIsRead() {
        Set<String> read = new TreeSet<>(applicationKeys().keySet());
        read.addAll(serverKeys());
        Set<String> documented = new TreeSet<>();
        rows().forEach(row -> documented.addAll(row.keys()));
        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        Set<String> unread = new TreeSet<>(documented);
        unread.removeAll(read);
        assertTrue(undocumented.isEmpty(), "read but not in docs/configuration.md: " + env(undocumented));
        assertTrue(unread.isEmpty(), "in docs/configuration.md but read nowhere: " + env(unread));
    }

    @Test
    void documentedDefaultsAreTheDefaults() {
        Properties defaults = defaults();
        Set<String> serverOnly = new TreeSet<>(serverKeys());
        serverOnly.removeAll(applicationKeys().keySet());
        List<String> wrong = new ArrayList<>();
        for (Row row : rows()) {
            for (int i = 0; i < row.keys().size(); i++) {
                String key = row.keys().get(i);
                String actual = defaults.getProperty(key);
                if (serverOnly.contains(key)) {
                    if (actual != null) {
                        wrong.add(key + ": resolved by the server's files, yet has a default in microprofile-config.properties");
                    }
                } else if (row.none()) {
                    if (actual != null) {
                        wrong.add(env(key) + ": documented without a default, but its default is " + actual);
                    }
                } else if (row.defaults().size() != row.keys().size()) {
                    wrong.add("configuration.md:" + row.line() + ": " + row.keys().size() + " keys, " + row.defaults().size()
                            + " defaults in code spans (or start the cell with 'none')");
                    break;
                } else if (!row.defaults().get(i).equals(actual)) {
                    wrong.add(env(key) + ": documented default " + row.defaults().get(i) + ", microprofile-config.properties has " + actual);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void defaultsLiveInOnePlace() {
        List<String> annotated = new ArrayList<>();
        applicationKeys().forEach((key, where) -> {
            if (where.contains("defaultValue")) {
                annotated.add(key + " in " + where);
            }
        });
        assertTrue(annotated.isEmpty(), "defaults belong in microprofile-config.properties, not in @ConfigProperty: " + annotated);
        Set<String> orphans = new TreeSet<>(defaults().stringPropertyNames());
        orphans.removeAll(applicationKeys().keySet());
        assertTrue(orphans.isEmpty(), "defaults of keys nothing reads: " + orphans);
    }

    @Test
    void theClassesTheTableNamesReadTheirKeys() {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows()) {
            for (String name : row.classes()) {
                Path source = root.resolve("src/main/java/gatehouse/" + name + ".java");
                if (!Files.exists(source)) {
                    wrong.add("configuration.md:" + row.line() + ": no class " + name);
                } else if (row.keys().stream().noneMatch(key -> read(source).contains("\"" + key + "\"")
                        || read(source).contains("MPCONFIG=" + key + "}"))) {
                    wrong.add("configuration.md:" + row.line() + ": " + name + " reads none of " + env(Set.copyOf(row.keys())));
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void environmentVariablesAreSpelledAsMicroProfileConfigMapsThem() {
        assertEquals("gatehouse.data.dir", property("GATEHOUSE_DATA_DIR"));
        List<Row> rows = rows();
        Row lockout = rows.stream().filter(row -> row.keys().contains("gatehouse.lockout.seconds")).findFirst().orElseThrow();
        assertEquals(List.of("gatehouse.lockout.seconds", "gatehouse.lockout.max.seconds"), lockout.keys());
        assertEquals(List.of("30", "900"), lockout.defaults());
        assertTrue(rows.stream().filter(row -> row.keys().contains("gatehouse.issuer")).findFirst().orElseThrow().none());
    }

    /** Keys the WAR reads, each with the source lines that read it. */
    private Map<String, String> applicationKeys() {
        Map<String, String> keys = new TreeMap<>();
        for (Path file : files(root.resolve("src/main/java"), ".java")) {
            String text = read(file);
            String name = root.relativize(file).toString();
            Matcher annotation = CONFIG_PROPERTY.matcher(text);
            while (annotation.find()) {
                Matcher key = NAME.matcher(annotation.group(1));
                assertTrue(key.find(), name + ": @ConfigProperty without a name: " + annotation.group());
                keys.merge(key.group(1), name + " " + annotation.group(), (a, b) -> a + "; " + b);
            }
            for (Pattern pattern : List.of(MPCONFIG, LOOKUP)) {
                Matcher use = pattern.matcher(text);
                while (use.find()) {
                    keys.merge(use.group(1), name, (a, b) -> a + "; " + b);
                }
            }
        }
        defaults().stringPropertyNames().stream()
                .filter(key -> defaults().getProperty(key).contains("${"))
                .forEach(key -> Pattern.compile("\\$\\{([^}]+)}").matcher(defaults().getProperty(key)).results()
                        .forEach(reference -> keys.merge(reference.group(1), "microprofile-config.properties", (a, b) -> a)));
        return keys;
    }

    /** Keys the server's configuration files resolve themselves (the datasources on WildFly, say). */
    private Set<String> serverKeys() {
        Set<String> keys = new TreeSet<>();
        for (Path file : files(root.resolve("server-config"), "")) {
            SERVER_EXPRESSION.matcher(read(file)).results().forEach(match -> keys.add(match.group(1)));
        }
        return keys;
    }

    private List<Row> rows() {
        List<String> lines = List.of(read(root.resolve("docs/configuration.md")).split("\n", -1));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("| `GATEHOUSE_")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            List<String> keys = new ArrayList<>();
            for (String span : codeSpans(cells[1])) {
                if (keys.isEmpty()) {
                    keys.add(span);
                } else {
                    assertTrue(span.startsWith("_"), "configuration.md:" + (i + 1) + ": a further key is written _SUFFIX: " + span);
                    keys.add(keys.get(0).substring(0, keys.get(0).lastIndexOf('_')) + span);
                }
            }
            String defaultCell = cells[2].strip();
            List<String> classes = codeSpans(cells[4]).stream().filter(name -> CLASS.matcher(name).matches()).toList();
            rows.add(new Row(i + 1, keys.stream().map(ConfigurationDocsTest::property).toList(),
                    defaultCell.startsWith("none") ? List.of() : codeSpans(defaultCell), defaultCell.startsWith("none"), classes));
        }
        assertTrue(rows.size() > 20, "the table of docs/configuration.md was not found");
        return rows;
    }

    private static List<String> codeSpans(String cell) {
        return CODE.matcher(cell).results().map(match -> match.group(1)).toList();
    }

    /** MicroProfile Config's environment variable mapping, backwards. */
    static String property(String environmentVariable) {
        return environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Set<String> env(Set<String> keys) {
        Set<String> names = new TreeSet<>();
        keys.forEach(key -> names.add(env(key)));
        return names;
    }

    private Properties defaults() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(root.resolve("src/main/resources/META-INF/microprofile-config.properties"),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

}
