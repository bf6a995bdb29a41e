package gatehouse.store;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import gatehouse.config.Jsonp;
import gatehouse.config.MediaTypes;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

/** Writes every JSON-P value as JSON or YAML, whichever the response's media type says. */
@Provider
@Produces({MediaType.APPLICATION_JSON, MediaTypes.TEXT_YAML, MediaTypes.APPLICATION_YAML, MediaTypes.APPLICATION_X_YAML})
public class JsonValueWriter implements MessageBodyWriter<JsonValue> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonValue.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(JsonValue value, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (MediaTypes.isYaml(mediaType)) {
            headers.putSingle("Content-Type", MediaTypes.TEXT_YAML + ";charset=UTF-8");
            try {
                writer.write(Yaml.write(value));
                writer.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            try (var json = Jsonp.PROVIDER.createWriter(writer)) {
                json.write(value);
            }
        }
    }
}
