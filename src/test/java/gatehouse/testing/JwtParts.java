package gatehouse.testing;

import java.io.ByteArrayInputStream;
import java.util.Base64;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** The header and claims of a compact JWT, decoded without verifying: for looking at what was issued. */
public final class JwtParts {

    private JwtParts() {
    }

    public static JsonObject header(String jwt) {
        return part(jwt, 0);
    }

    public static JsonObject claims(String jwt) {
        return part(jwt, 1);
    }

    private static JsonObject part(String jwt, int index) {
        byte[] json = Base64.getUrlDecoder().decode(jwt.split("\\.")[index]);
        try (var reader = Json.createReader(new ByteArrayInputStream(json))) {
            return reader.readObject();
        }
    }
}
