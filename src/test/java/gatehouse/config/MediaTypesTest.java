package gatehouse.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "text/yaml;charset=\"utf-8\"",
            "application/x-www-form-urlencoded", "application/json;;;", "application/fhir+json", "multipart/form-data; boundary=x"})
    void whenAMediaTypeAsRfc9110WritesItThenWellFormed(String type) {
        assertTrue(MediaTypes.wellFormedContentType(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {";;;", "/", "a/b/c", "application", "application/json; charset", "application/json;=x",
            "appli cation/json", "application/json; charset=\"utf-8", "",
            "application/json, text/yaml"})
    void whenNotAMediaTypeThenMalformed(String type) {
        assertFalse(MediaTypes.wellFormedContentType(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/json", "text/yaml, application/json;q=0.5", "text/yaml;q=1.000",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8,"
                    + "application/signed-exchange;v=b3;q=0.7", ",,,", "", "application/json;q=0", "text/*;Q=0.25",
            "text/plain;q=0.5;level=1"})
    void whenAnAcceptOfMediaRangesAndWeightsThenWellFormed(String accept) {
        assertTrue(MediaTypes.wellFormedAccept(accept));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/yaml;q=abc", ";;;", "*/*;q=", "application/json;q=2", "text/yaml;q=1.5", "text/yaml;q=0.1234",
            "application/json;q=-1", "garbage", "text/plain;q=0.5;level"})
    void whenAnAcceptIsNotThenMalformed(String accept) {
        assertFalse(MediaTypes.wellFormedAccept(accept));
    }
}
