package gatehouse.config;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The representations Gatehouse reads and writes: JSON and YAML (three aliases). */
public final class MediaTypes {

    public static final String TEXT_YAML = "text/yaml";
    public static final String APPLICATION_YAML = "application/yaml";
    public static final String APPLICATION_X_YAML = "application/x-yaml";
    public static final MediaType YAML = MediaType.valueOf(TEXT_YAML);

    private static final Set<String> YAML_TYPES = Set.of(TEXT_YAML, APPLICATION_YAML, APPLICATION_X_YAML);

    private MediaTypes() {
    }

    public static boolean isYaml(MediaType type) {
        return type != null && YAML_TYPES.contains(type.getType() + "/" + type.getSubtype());
    }

    public static boolean isJson(MediaType type) {
        return type != null && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    }

    /** YAML when the client ranks a YAML type above JSON, else JSON. */
    public static MediaType preferred(HttpHeaders headers) {
        List<MediaType> accepted;
        try {
            accepted = headers == null ? List.of() : headers.getAcceptableMediaTypes();
        } catch (RuntimeException malformedAccept) {
            return MediaType.APPLICATION_JSON_TYPE;
        }
        for (MediaType type : accepted) { // sorted by preference
            if (isYaml(type)) {
                return YAML;
            }
            if (isJson(type) || type.isWildcardType()) {
                return MediaType.APPLICATION_JSON_TYPE;
            }
        }
        return MediaType.APPLICATION_JSON_TYPE;
    }
}
