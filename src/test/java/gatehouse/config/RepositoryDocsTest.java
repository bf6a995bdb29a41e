package gatehouse.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository explains itself and points nowhere outside itself: every relative
 * Markdown link or image names a file of the repository (and, for a Markdown file, one
 * of its headings when it has an anchor), and no text file cites a document or a
 * tracker entry that a clone does not contain.
 */
class RepositoryDocsTest {

    /** Text files that are read, by how their names end. */
    private static final List<String> TEXT = List.of(".md", ".java", ".sql", ".yaml", ".yml", ".properties",
            ".js", ".html", ".css", ".xml", ".sh", ".lua", ".asadmin", ".cli", ".env", ".txt");

    /**
     * References to what the repository does not hold. The patterns are built from
     * pieces so that this file does not match them itself.
     */
    private static final List<Pattern> OUTSIDE = List.of(
            Pattern.compile("API" + "\\.md"),
            Pattern.compile("STYLE" + "\\.md"),
            Pattern.compile("shared" + "/"),
            Pattern.compile("\\b[Ii]ssues?\\s?#?\\d+"));

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target}. */
    private static final Pattern REFERENCE_LINK = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    private final Path root = gatehouse.testing.Repository.root();
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyRelativeMarkdownLinkNamesAFileOfTheRepository() {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            List<String> lines = proseLines(file);
            for (int i = 0; i < lines.size(); i++) {
                int line = i + 1;
                for (String target : targets(lines.get(i))) {
                    check(file, target).ifPresent(problem -> broken.add(relative(file) + ":" + line + problem));
                }
            }
        }
        assertTrue(broken.isEmpty(), "Broken links:\n" + String.join("\n", broken));
    }

    @Test
    void nothingCitesADocumentOrTrackerOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles()) {
            String name = relative(file);
            if (released(name)) {
                continue;
            }
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern pattern : OUTSIDE) {
                    Matcher matcher = pattern.matcher(lines.get(i));
                    if (matcher.find()) {
                        found.add(name + ":" + (i + 1) + ": '" + matcher.group() + "' in: " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "References outside the repository (say the fact itself, or link a file"
                + " of the repository):\n" + String.join("\n", found));
    }

    @Test
    void theChecksSeeWhatTheyAreMeantToSee() {
        assertTrue(OUTSIDE.stream().anyMatch(p -> p.matcher("see iss" + "ue 12 §2").find()));
        assertTrue(OUTSIDE.stream().anyMatch(p -> p.matcher("(Iss" + "ue #7)").find()));
        assertTrue(OUTSIDE.stream().anyMatch(p -> p.matcher("API" + ".md §5").find()));
        assertTrue(OUTSIDE.stream().noneMatch(p -> p.matcher("the issue list of an OperationOutcome, issue[0]").find()));
        assertTrue(targets("a [link](docs/api.md#paths) and ![img](x.png \"t\") and `[not](code.md)`").size() == 2);
        assertTrue(slug("Search at scale: `search.sh`").equals("search-at-scale-searchsh"));
        assertTrue(slug("Why a 403?").equals("why-a-403"));
        assertTrue(markdownFiles().contains(root.resolve("README.md")));
    }

    /** What is wrong with one link target, if anything. */
    private java.util.Optional<String> check(Path from, String target) {
        if (SCHEME.matcher(target).find()) {
            return java.util.Optional.empty();
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            return java.util.Optional.of(" " + target + ": outside the repository");
        }
        String name = relative(resolved);
        if (!Files.exists(resolved)) {
            return java.util.Optional.of(" " + target + ": no such file");
        }
        if (anchor != null && !anchor.isEmpty() && name.endsWith(".md") && !anchorsOf(resolved).contains(anchor)) {
            return java.util.Optional.of(" " + target + ": no heading #" + anchor + " in " + name);
        }
        return java.util.Optional.empty();
    }

    /** Link targets on one line of prose (code spans removed). */
    static List<String> targets(String line) {
        String prose = line.replaceAll("`[^`]*`", "``");
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(prose);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher reference = REFERENCE_LINK.matcher(prose);
        if (reference.matches()) {
            targets.add(reference.group(1));
        }
        return targets;
    }

    private Set<String> anchorsOf(Path markdown) {
        return anchors.computeIfAbsent(markdown, file -> {
            Set<String> result = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (String line : proseLines(file)) {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(2));
                    int n = seen.merge(slug, 1, Integer::sum) - 1;
                    result.add(n == 0 ? slug : slug + "-" + n);
                }
            }
            return result;
        });
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /** The lines of a Markdown file, with fenced code blocks blanked (so line numbers stay). */
    private static List<String> proseLines(Path file) {
        List<String> lines = new ArrayList<>(read(file));
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            boolean fence = lines.get(i).stripLeading().startsWith("```") || lines.get(i).stripLeading().startsWith("~~~");
            if (fence || code) {
                lines.set(i, "");
            }
            if (fence) {
                code = !code;
            }
        }
        return lines;
    }

    private List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        for (String dir : List.of("docs", "bench", "server-config", "src")) {
            files.addAll(walk(root.resolve(dir), name -> name.endsWith(".md")));
        }
        return files;
    }

    /**
     * A migration that databases have applied never changes, not even a comment (Flyway
     * refuses the database then; MigrationRuleTest pins each one): its old words stay.
     */
    private static boolean released(String name) {
        String migrations = "src/main/resources/db/migration/";
        return name.startsWith(migrations) && MigrationRuleTest.PINNED.containsKey(name.substring(migrations.length()));
    }

    private List<Path> textFiles() {
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("pom.xml")));
        files.addAll(walk(root.resolve(".ci"), name -> true));
        for (String dir : List.of("docs", "bench", "server-config", "src")) {
            files.addAll(walk(root.resolve(dir), name -> TEXT.stream().anyMatch(name::endsWith)));
        }
        return files;
    }

    private static List<Path> walk(Path dir, java.util.function.Predicate<String> name) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName() != null && name.test(path.getFileName().toString()))
                    .filter(path -> !path.startsWith(dir.resolveSibling("bench").resolve("out")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

}
