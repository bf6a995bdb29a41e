package gatehouse.error;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Accept header is read leniently here: it may be the very thing that was malformed. */
class ServletErrorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"text/yaml", "application/yaml", "application/x-yaml;q=0.9", "text/yaml, application/json;q=0.5",
            "application/json;q=0.1, text/yaml", "TEXT/YAML", "text/yaml;q=abc, text/yaml;q=0.8"})
    void whenYamlRanksFirstThenYaml(String accept) {
        assertTrue(ServletErrors.prefersYaml(accept));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "application/json", "*/*", "text/yaml;q=0.5, */*", "text/yaml;q=abc", ";;;", ",,,", "text/yaml;q=0",
            "text/yaml;q=2", "text/html", "application/json, text/yaml"})
    void whenYamlDoesNotRankFirstOrCannotBeReadThenJson(String accept) {
        assertFalse(ServletErrors.prefersYaml(accept));
    }
}
