package gatehouse.config;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. The static {@code jakarta.json.Json}
 * methods look it up again on every call (a service-loader scan), which the
 * bench measured at a third of the CPU of a simple read.
 */
public final class Jsonp {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsonp() {
    }

    /** Adds the member unless the value is null (absent fields are left out, not written as null). */
    public static void addPresent(JsonObjectBuilder object, String name, String value) {
        if (value != null) {
            object.add(name, value);
        }
    }
}
