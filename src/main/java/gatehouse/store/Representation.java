package gatehouse.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import gatehouse.config.MediaTypes;
import gatehouse.error.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;

/** Reads a request body, bounded in size, as a JSON object from JSON or YAML. */
public final class Representation {

    private Representation() {
    }

    /** Reads at most {@code maxBytes}; one byte more is a 413, and the rest is never read. */
    public static byte[] read(InputStream body, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        try (body) {
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw Problem.tooLarge("Request body larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new MalformedBodyException("Request body could not be read");
        }
        return out.toByteArray();
    }

    public static JsonObject parseObject(byte[] bytes, MediaType type) {
        JsonValue value = parse(bytes, type);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedBodyException("The body must be an object, not " + value.getValueType().name().toLowerCase());
        }
        return value.asJsonObject();
    }

    static JsonValue parse(byte[] bytes, MediaType type) {
        if (bytes.length == 0) {
            throw new MalformedBodyException("The request has no body");
        }
        String text = utf8(bytes);
        if (type == null || MediaTypes.isJson(type)) {
            return JsonReader.read(text);
        }
        if (MediaTypes.isYaml(type)) {
            return Yaml.parse(text);
        }
        throw new Problem(Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type " + type.getType() + "/" + type.getSubtype()
                + "; send application/json or text/yaml");
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException("The body is not valid UTF-8");
        }
    }
}
