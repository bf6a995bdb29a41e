package gatehouse.store;

import java.math.BigDecimal;

import gatehouse.config.Jsonp;
import jakarta.json.JsonNumber;

/**
 * What one request body may build when it is read into a JSON tree, JSON and YAML
 * alike: values and characters in proportion to the body's own size (so YAML
 * aliases cannot multiply it), capped; depth bounded; numeric literals short, so
 * that no number ever costs more than a few microseconds to parse, compare or
 * print. A body over budget is refused as malformed, naming where.
 */
final class TreeBudget {

    static final int MAX_DEPTH = 64;
    /** Values in one body, whatever its size: a few MB of tree at most, read in milliseconds. */
    static final int MAX_VALUES = 25_000;
    static final int MAX_NUMBER_LENGTH = 100;
    /** Bounds the exponent: 1e999999999 is eleven characters but not a number anyone stores. */
    static final int MAX_NUMBER_SCALE = 1000;

    private final long maxValues;
    private final long maxChars;
    private long values;
    private long chars;

    /** @param bodyChars the length of the body, in characters */
    TreeBudget(int bodyChars) {
        maxValues = Math.min(MAX_VALUES, bodyChars + 16L);
        maxChars = 2L * bodyChars + 1024;
    }

    /** Counts one value (scalar, object or array) at {@code path}, {@code depth} levels down. */
    void value(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedBodyException("Nested more than " + MAX_DEPTH + " levels deep at " + where(path));
        }
        if (++values > maxValues) {
            throw new MalformedBodyException("The body holds more values than its size allows (at most " + maxValues
                    + "; YAML aliases count every time they are used), at " + where(path));
        }
    }

    /** What has been counted so far: values, then characters; for charging a repeat of a subtree (a YAML alias). */
    long[] spent() {
        return new long[] {values, chars};
    }

    /** Charges a repeat of a subtree whose first use cost {@code values} and {@code characters}. */
    void repeat(long values, long characters, String path) {
        this.values += values;
        if (this.values > maxValues) {
            throw new MalformedBodyException("The body holds more values than its size allows (at most " + maxValues
                    + "; YAML aliases count every time they are used), at " + where(path));
        }
        chars += characters;
        if (chars > maxChars) {
            throw new MalformedBodyException("The body holds more text than its size allows (YAML aliases count every time"
                    + " they are used), at " + where(path));
        }
    }

    /** Counts the characters of a string or key at {@code path}. */
    void text(String text, String path) {
        chars += text.length();
        if (chars > maxChars) {
            throw new MalformedBodyException("The body holds more text than its size allows (YAML aliases count every time"
                    + " they are used), at " + where(path));
        }
    }

    /** A number from its literal, refused before any arithmetic when too long or too large. */
    JsonNumber number(String literal, String path) {
        if (literal.length() > MAX_NUMBER_LENGTH) {
            throw new MalformedBodyException("Number longer than " + MAX_NUMBER_LENGTH + " characters at " + where(path));
        }
        BigDecimal number;
        try {
            number = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            throw new MalformedBodyException("Not a finite decimal number at " + where(path));
        }
        if (Math.abs((long) number.scale()) > MAX_NUMBER_SCALE) {
            throw new MalformedBodyException("Number out of range (exponent beyond " + MAX_NUMBER_SCALE + ") at " + where(path));
        }
        return Jsonp.PROVIDER.createValue(number);
    }

    static String where(String path) {
        return path.isEmpty() ? "the top level" : path;
    }

    static String member(String path, String key) {
        String shown = key.length() > 64 ? key.substring(0, 64) + "…" : key;
        return path.isEmpty() ? shown : path + "." + shown;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }
}
