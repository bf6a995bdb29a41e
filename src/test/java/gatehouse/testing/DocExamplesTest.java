package gatehouse.testing;

import java.util.List;
import java.util.Map;

import gatehouse.testing.DocExamples.Request;
import gatehouse.testing.DocExamples.Step;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages DocsIT runs parse into requests it can send, without a server. */
class DocExamplesTest {

    static final List<String> PAGES = List.of("README.md", "docs/console.md", "docs/access-policies.md", "docs/search.md",
            "docs/operating.md", "docs/java-ee-apps.md");

    @Test
    void everyExecutedPageParses() {
        for (String page : PAGES) {
            List<Step> steps = DocExamples.of(page).steps();
            assertFalse(steps.isEmpty(), page);
        }
    }

    @Test
    void theQuickStartIsReadAsCurlWouldSendIt() {
        List<Step> steps = DocExamples.of("README.md").steps();
        Request client = DocExamples.request(steps.get(0).words(), Map.of(), "README");
        assertEquals("PUT", client.method());
        assertEquals("/Client/myapp", client.path());
        assertEquals("text/yaml", client.headers().get("Content-Type"));
        assertEquals("secret: verysecret\ngrant_types: [password]", client.body());
        Step token = steps.stream().filter(step -> "TOKEN".equals(step.capture())).findFirst().orElseThrow();
        var matcher = token.extract().matcher("{\"token_type\":\"Bearer\",\"access_token\":\"abc\",\"expires_in\":3600}");
        assertTrue(matcher.matches());
        assertEquals("abc", matcher.group(1));
        Step read = steps.get(steps.size() - 1);
        assertEquals(200, read.status());
        assertEquals("Bearer t", DocExamples.request(read.words(), Map.of("TOKEN", "t"), "README").headers().get("Authorization"));
    }

    @Test
    void recipesAreStoredUnderTheirIds() {
        String ownUser = DocExamples.of("docs/access-policies.md").yamlPut("/AccessPolicy/own-user");
        assertTrue(ownUser.contains("resource-id: .user.id"), ownUser);
        assertTrue(DocExamples.of("docs/console.md").yamlFile("console-admin.yaml").contains("console-admin"));
    }

    @Test
    void expectationsMatchLikeThePageSays() {
        var expected = DocExamples.parseExpected("{\"a\":1,\"b\":{…},\"l\":[{\"id\":\"x\"},{\"id\":\"z\"}]}", "t");
        var actual = Json.createReader(new java.io.StringReader(
                "{\"a\":1.0,\"b\":{\"c\":2},\"l\":[{\"id\":\"x\"},{\"id\":\"y\"},{\"id\":\"z\"}],\"more\":true}")).readValue();
        assertTrue(DocExamples.mismatch(expected, actual, "answer").isEmpty());
        var reversed = DocExamples.parseExpected("{\"l\":[{\"id\":\"z\"},{\"id\":\"x\"}]}", "t");
        assertTrue(DocExamples.mismatch(reversed, actual, "answer").isPresent(), "lists keep their order");
        assertTrue(DocExamples.mismatch(DocExamples.parseExpected("{\"gone\":\"…\"}", "t"), actual, "answer").isPresent());
    }

    @Test
    void anUnknownCurlOptionFailsInsteadOfBeingSkipped() {
        assertThrows(IllegalArgumentException.class, () -> DocExamples.curl("curl -k localhost:8080/x", null, "t"));
        assertThrows(IllegalArgumentException.class, () -> DocExamples.curl("curl example.com/x", null, "t"));
    }
}
