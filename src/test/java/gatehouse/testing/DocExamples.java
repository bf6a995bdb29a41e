package gatehouse.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The examples of the Markdown documentation, read as steps that {@code DocsIT} sends to
 * a real server, in the order the page shows them. The convention (docs/testing.md):
 * <ul>
 * <li>a {@code sh} block whose every line is a {@code curl} command (or
 * {@code NAME=$(curl … | sed 's/…/\1/')}) is executed, line by line; a trailing
 * {@code # 403: …} expects that status (else any 2xx), and a comment line that follows
 * with JSON ({@code # {"total":1,…}}) is what the answer must contain;</li>
 * <li>a YAML document whose first line is {@code # PUT /Type/id -- what it is} is sent
 * so by root;</li>
 * <li>{@code --data-binary @name.yaml} sends the YAML block whose first line is
 * {@code # name.yaml …}.</li>
 * </ul>
 */
public final class DocExamples {

    /** One request of a page; {@code words} are still to be expanded ({@code $VAR}). */
    public record Step(String source, List<Word> words, String capture, Pattern extract, Integer status, String expected,
            String yamlPut) {
    }

    /** A shell word: its pieces, literal or a variable to expand. */
    public record Word(List<String> pieces) {
        public String expand(Map<String, String> variables) {
            StringBuilder text = new StringBuilder();
            for (String piece : pieces) {
                if (piece.startsWith("$")) {
                    String name = piece.substring(1);
                    if (!variables.containsKey(name)) {
                        throw new IllegalStateException("$" + name + " is not set");
                    }
                    text.append(variables.get(name));
                } else {
                    text.append(piece.substring(1));
                }
            }
            return text.toString();
        }
    }

    /** An HTTP request as curl would send it. */
    public record Request(String method, String path, Map<String, String> headers, String user, String body) {
    }

    private static final Pattern FENCE = Pattern.compile("^```\\s*(\\S*)\\s*$");
    private static final Pattern CAPTURE = Pattern.compile("^[A-Z_][A-Z0-9_]*=\\$\\(curl .*");
    private static final Pattern STATUS = Pattern.compile("^#\\s*(\\d{3})\\b.*");
    private static final Pattern YAML_PUT = Pattern.compile("^#\\s*PUT\\s+(/\\S+)\\s+--.*");
    private static final String SERVER = "localhost:8080";

    private final Path file;
    private final List<String> lines;

    private DocExamples(Path file) {
        this.file = file;
        try {
            this.lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** A page of the repository, by its path from the repository's root. */
    public static DocExamples of(String relative) {
        return new DocExamples(Repository.root().resolve(relative));
    }

    private record Block(String language, int line, List<String> lines) {
    }

    private List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i).strip());
            if (open.matches() && !open.group(1).isEmpty()) {
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                blocks.add(new Block(open.group(1), start + 1, lines.subList(start, end)));
                i = end;
            }
        }
        return blocks;
    }

    /** The YAML block whose first line is {@code # name …}. */
    public String yamlFile(String name) {
        return blocks().stream()
                .filter(block -> block.language().equals("yaml") && !block.lines().isEmpty()
                        && block.lines().get(0).matches("#\\s*" + Pattern.quote(name) + "(\\s.*)?"))
                .map(block -> String.join("\n", block.lines()) + "\n")
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(file.getFileName() + " has no YAML block '# " + name + "'"));
    }

    /** The YAML document headed {@code # PUT <path> -- …}. */
    public String yamlPut(String path) {
        return steps().stream().filter(step -> path.equals(step.yamlPut())).map(Step::expected).findFirst()
                .orElseThrow(() -> new IllegalStateException(file.getFileName() + " has no YAML '# PUT " + path + " --'"));
    }

    /** The executed examples of the page, in its order. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (Block block : blocks()) {
            if (block.language().equals("yaml")) {
                yamlSteps(block, steps);
            } else if (block.language().equals("sh") && isCurlBlock(block)) {
                curlSteps(block, steps);
            }
        }
        return steps;
    }

    private void yamlSteps(Block block, List<Step> steps) {
        List<String> document = new ArrayList<>();
        int start = block.line();
        for (int i = 0; i <= block.lines().size(); i++) {
            if (i == block.lines().size() || block.lines().get(i).equals("---")) {
                Matcher put = document.isEmpty() ? null : YAML_PUT.matcher(document.get(0));
                if (put != null && put.matches()) {
                    steps.add(new Step(where(start), List.of(), null, null, null, String.join("\n", document) + "\n", put.group(1)));
                }
                document.clear();
                start = block.line() + i + 1;
            } else {
                document.add(block.lines().get(i));
            }
        }
    }

    private static boolean isCurlBlock(Block block) {
        List<String> commands = block.lines().stream().filter(line -> !line.isBlank() && !line.startsWith("#")
                && !line.startsWith(" ")).toList();
        return !commands.isEmpty() && commands.stream().allMatch(line -> line.startsWith("curl ") || CAPTURE.matcher(line).matches());
    }

    private void curlSteps(Block block, List<Step> steps) {
        List<String> source = block.lines();
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int first = block.line() + i;
            StringBuilder command = new StringBuilder(line);
            while (command.toString().endsWith("\\") && i + 1 < source.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(source.get(++i).strip());
            }
            String expected = null;
            if (i + 1 < source.size() && source.get(i + 1).matches("^#\\s*[\\[{].*")) {
                expected = source.get(++i).replaceFirst("^#\\s*", "");
                parseExpected(expected, where(block.line() + i));
            }
            steps.add(curl(command.toString(), expected, where(first)));
        }
    }

    private String where(int line) {
        return file.getFileName() + ":" + line;
    }

    /** One command: the words, and the status of its trailing comment. */
    static Step curl(String command, String expected, String source) {
        Shell shell = new Shell(command, source);
        List<Word> words = shell.words();
        String comment = shell.comment();
        Integer status = null;
        if (comment != null) {
            Matcher matcher = STATUS.matcher(comment);
            if (matcher.matches()) {
                status = Integer.valueOf(matcher.group(1));
            }
        }
        String capture = null;
        Pattern extract = null;
        String first = words.isEmpty() ? "" : words.get(0).expand(Map.of());
        Matcher assignment = Pattern.compile("^([A-Z_][A-Z0-9_]*)=\\$\\(curl$").matcher(first);
        if (assignment.matches()) {
            capture = assignment.group(1);
            String last = words.get(words.size() - 1).pieces().get(0);
            if (!last.equals("=)")) {
                throw new IllegalArgumentException(source + ": end a capture with a separate ')'? " + command);
            }
            words = new ArrayList<>(words.subList(1, words.size() - 1));
            int pipe = -1;
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).pieces().equals(List.of("=|"))) {
                    pipe = i;
                }
            }
            if (pipe >= 0) {
                if (pipe + 3 != words.size() || !words.get(pipe + 1).expand(Map.of()).equals("sed")) {
                    throw new IllegalArgumentException(source + ": only '| sed s/…/\\1/' may follow a captured curl");
                }
                extract = sedPattern(words.get(pipe + 2).expand(Map.of()), source);
                words = new ArrayList<>(words.subList(0, pipe));
            }
            words.add(0, new Word(List.of("=curl")));
        } else if (!first.equals("curl")) {
            throw new IllegalArgumentException(source + ": not a curl command: " + command);
        }
        request(words, Map.of("TOKEN", "t", "ROOT", "r"), source); // fails now on an option we do not know
        return new Step(source, words, capture, extract, status, expected, null);
    }

    /** {@code s/<basic regular expression>/\1/} as a Java pattern. */
    private static Pattern sedPattern(String sed, String source) {
        if (!sed.startsWith("s/") || !sed.endsWith("/\\1/")) {
            throw new IllegalArgumentException(source + ": sed expression not s/…/\\1/: " + sed);
        }
        String basic = sed.substring(2, sed.length() - 4);
        return Pattern.compile(basic.replace("\\(", "(").replace("\\)", ")"), Pattern.DOTALL);
    }

    /** The request a curl command line sends, its variables expanded. */
    public static Request request(List<Word> words, Map<String, String> variables, String source) {
        String method = null;
        String url = null;
        String user = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i).expand(variables);
            switch (word) {
                case "-s", "--silent" -> {
                }
                case "-u", "--user" -> user = words.get(++i).expand(variables);
                case "-X", "--request" -> method = words.get(++i).expand(variables);
                case "-H", "--header" -> {
                    String header = words.get(++i).expand(variables);
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
                }
                case "-d", "--data", "--data-binary" -> body = words.get(++i).expand(variables);
                default -> {
                    if (word.startsWith("-")) {
                        throw new IllegalArgumentException(source + ": DocsIT does not know curl's " + word);
                    }
                    if (url != null) {
                        throw new IllegalArgumentException(source + ": two URLs: " + url + ", " + word);
                    }
                    url = word;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException(source + ": no URL");
        }
        String plain = url.replaceFirst("^http://", "");
        if (!plain.startsWith(SERVER + "/")) {
            throw new IllegalArgumentException(source + ": examples speak to " + SERVER + ", not " + url);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return new Request(method != null ? method : body != null ? "POST" : "GET", plain.substring(SERVER.length()), headers, user, body);
    }

    /** The expected JSON of a comment: {@code …} stands for any value, {@code {…}} and {@code […]} too. */
    public static JsonValue parseExpected(String expected, String source) {
        String json = expected.replace("{…}", "\"…\"").replace("[…]", "\"…\"");
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": the expected answer is not JSON: " + expected, e);
        }
    }

    /**
     * Where {@code actual} fails to contain {@code expected}, if it does: objects by
     * their keys (others may be there), lists by their elements in this order (others may
     * be between), numbers by value, {@code "…"} anything present.
     */
    public static Optional<String> mismatch(JsonValue expected, JsonValue actual, String at) {
        if (expected instanceof JsonString text && text.getString().equals("…")) {
            return actual == null ? Optional.of(at + ": missing") : Optional.empty();
        }
        if (actual == null) {
            return Optional.of(at + ": missing, expected " + expected);
        }
        switch (expected.getValueType()) {
            case OBJECT -> {
                if (actual.getValueType() != JsonValue.ValueType.OBJECT) {
                    return Optional.of(at + ": expected an object, got " + actual);
                }
                for (var entry : expected.asJsonObject().entrySet()) {
                    Optional<String> inner = mismatch(entry.getValue(), actual.asJsonObject().get(entry.getKey()), at + "." + entry.getKey());
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
                return Optional.empty();
            }
            case ARRAY -> {
                if (actual.getValueType() != JsonValue.ValueType.ARRAY) {
                    return Optional.of(at + ": expected a list, got " + actual);
                }
                int next = 0;
                for (JsonValue element : expected.asJsonArray()) {
                    while (next < actual.asJsonArray().size() && mismatch(element, actual.asJsonArray().get(next), at).isPresent()) {
                        next++;
                    }
                    if (next == actual.asJsonArray().size()) {
                        return Optional.of(at + ": no element after the previous one matches " + element + " in " + actual);
                    }
                    next++;
                }
                return Optional.empty();
            }
            case NUMBER -> {
                return actual instanceof JsonNumber number && number.bigDecimalValue().compareTo(((JsonNumber) expected).bigDecimalValue()) == 0
                        ? Optional.empty() : Optional.of(at + ": expected " + expected + ", got " + actual);
            }
            default -> {
                return expected.equals(actual) ? Optional.empty() : Optional.of(at + ": expected " + expected + ", got " + actual);
            }
        }
    }

    /**
     * Just enough of the shell for one documented command: words, '…', "…" with
     * {@code $VAR}, $'…' with \n, \' and \\, and a trailing # comment. Literal pieces are
     * stored with a leading '=', variables with '$'.
     */
    private static final class Shell {
        private final String text;
        private final String source;
        private final List<Word> words = new ArrayList<>();
        private String comment;
        private int at;

        Shell(String text, String source) {
            this.text = text;
            this.source = source;
            parse();
        }

        List<Word> words() {
            return words;
        }

        String comment() {
            return comment;
        }

        private void parse() {
            while (true) {
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (at >= text.length()) {
                    return;
                }
                if (text.charAt(at) == '#') {
                    comment = text.substring(at).strip();
                    return;
                }
                List<String> pieces = new ArrayList<>();
                while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                    char c = text.charAt(at);
                    if (c == '\'') {
                        int end = text.indexOf('\'', at + 1);
                        require(end > 0, "unclosed '");
                        pieces.add("=" + text.substring(at + 1, end));
                        at = end + 1;
                    } else if (c == '$' && at + 1 < text.length() && text.charAt(at + 1) == '\'') {
                        pieces.add("=" + ansiC());
                    } else if (c == '"') {
                        at++;
                        StringBuilder literal = new StringBuilder();
                        while (at < text.length() && text.charAt(at) != '"') {
                            if (text.charAt(at) == '$') {
                                pieces.add("=" + literal);
                                literal.setLength(0);
                                pieces.add("$" + variable());
                            } else {
                                literal.append(text.charAt(at++));
                            }
                        }
                        require(at < text.length(), "unclosed \"");
                        at++;
                        pieces.add("=" + literal);
                    } else if (c == '$' && at + 1 < text.length() && text.charAt(at + 1) == '(') {
                        pieces.add("=$(");
                        at += 2;
                    } else if (c == '$') {
                        pieces.add("$" + variable());
                    } else if (c == ')' || c == '|') {
                        if (!pieces.isEmpty()) {
                            break;
                        }
                        pieces.add("=" + c);
                        at++;
                        break;
                    } else {
                        pieces.add("=" + c);
                        at++;
                    }
                }
                words.add(new Word(merge(pieces)));
            }
        }

        private String variable() {
            at++;
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            require(at > start, "a lone $");
            return text.substring(start, at);
        }

        private String ansiC() {
            at += 2;
            StringBuilder out = new StringBuilder();
            while (at < text.length() && text.charAt(at) != '\'') {
                char c = text.charAt(at++);
                if (c == '\\' && at < text.length()) {
                    char next = text.charAt(at++);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> next;
                    });
                } else {
                    out.append(c);
                }
            }
            require(at < text.length(), "unclosed $'");
            at++;
            return out.toString();
        }

        private static List<String> merge(List<String> pieces) {
            List<String> merged = new ArrayList<>();
            for (String piece : pieces) {
                int last = merged.size() - 1;
                if (piece.startsWith("=") && last >= 0 && merged.get(last).startsWith("=")) {
                    merged.set(last, merged.get(last) + piece.substring(1));
                } else if (!piece.equals("=")) {
                    merged.add(piece);
                }
            }
            return merged.isEmpty() ? List.of("=") : merged;
        }

        private void require(boolean condition, String problem) {
            if (!condition) {
                throw new IllegalArgumentException(source + ": " + problem + " in " + text);
            }
        }
    }
}
