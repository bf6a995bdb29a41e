package gatehouse.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Request data cannot forge log lines: control characters are escaped (docs/hardening.md). */
class LogsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\nFORGED b", "a\rFORGED", "a\r\nFORGED", "a\u0085FORGED", "a\u2028FORGED", "a\u2029FORGED",
            "a\u001b[31mFORGED", "a\u0000FORGED", "a\tFORGED"})
    void controlCharactersAndLineSeparatorsAreEscaped(String forged) {
        String safe = Logs.safe(forged);

        assertFalse(safe.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'), safe);
        assertEquals(1, safe.lines().count(), safe);
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String text = "GET /Patient?name=Zoë by user alice";

        assertSame(text, Logs.safe(text));
    }

    @Test
    void escapesAreReadable() {
        assertEquals("a\\nb\\rc\\td\\u0000", Logs.safe("a\nb\rc\td\u0000"));
    }
}
