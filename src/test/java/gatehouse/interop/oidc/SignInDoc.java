package gatehouse.interop.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import gatehouse.testing.DocExamples;
import gatehouse.testing.Repository;

/**
 * The examples of docs/sign-in.md, as the tests use them: the page speaks of Gatehouse (and
 * of the applications beside it) as {@code http://localhost:8080}; {@link #at} puts the
 * address of the server under test in its place (URL-encoded ones too), and fails when the
 * page no longer has it, so that a changed example fails the test instead of being skipped.
 */
public final class SignInDoc {

    public static final String PAGE = "docs/sign-in.md";
    /** What the page calls Gatehouse's issuer. */
    public static final String DOC_SERVER = "http://localhost:8080";

    private SignInDoc() {
    }

    /** The page's YAML for {@code PUT /Client/<id>}. */
    public static String client(String id) {
        return DocExamples.of(PAGE).yamlPut("/Client/" + id);
    }

    /** The fenced block of that language whose text contains {@code marker}; exactly one must. */
    public static String block(String language, String marker) {
        List<String> found = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Repository.root().resolve(PAGE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```" + language)) {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                    text.append(lines.get(j)).append('\n');
                    j++;
                }
                if (text.indexOf(marker) >= 0) {
                    found.add(text.toString());
                }
                i = j;
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException(PAGE + ": expected one ```" + language + " block with '" + marker + "', found " + found.size());
        }
        return found.get(0);
    }

    /** The example's text with the server under test in place of {@link #DOC_SERVER}. */
    public static String at(String example, String server) {
        if (!example.contains(DOC_SERVER)) {
            throw new IllegalStateException(PAGE + ": the example no longer names " + DOC_SERVER + ":\n" + example);
        }
        return example.replace(DOC_SERVER, server)
                .replace(encoded(DOC_SERVER), encoded(server)); // in query parameters too
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
