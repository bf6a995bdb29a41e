package gatehouse.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The representations Gatehouse reads and writes: JSON and YAML (three aliases). */
public final class MediaTypes {

    public static final String TEXT_YAML = "text/yaml";
    public static final String APPLICATION_YAML = "application/yaml";
    public static final String APPLICATION_X_YAML = "application/x-yaml";
    public static final MediaType YAML = MediaType.valueOf(TEXT_YAML);

    private static final Set<String> YAML_TYPES = Set.of(TEXT_YAML, APPLICATION_YAML, APPLICATION_X_YAML);

    /** RFC 9110 §5.6.2: the characters of a token. */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
    /** RFC 9110 §8.3.1 and §12.5.1: type/subtype, then parameters, empty ones allowed. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(?:[ \t]*;[ \t]*(?:" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))?)*[ \t]*");
    /** RFC 9110 §12.4.2: a weight. */
    private static final Pattern QVALUE = Pattern.compile("0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?");

    private MediaTypes() {
    }

    /**
     * Whether a {@code Content-Type} is a media type as RFC 9110 writes one. Checked before
     * JAX-RS reads it: its runtimes disagree on what they forgive, and one of them answers
     * a 500 for what the other takes.
     */
    public static boolean wellFormedContentType(String value) {
        return MEDIA_TYPE.matcher(value.strip()).matches();
    }

    /** Whether an {@code Accept} is a list of media ranges with valid weights (empty elements are allowed). */
    public static boolean wellFormedAccept(String value) {
        for (String range : value.split(",", -1)) {
            String trimmed = range.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!MEDIA_TYPE.matcher(trimmed).matches()) {
                return false;
            }
            for (String parameter : trimmed.split(";")) {
                String p = parameter.strip();
                if (p.regionMatches(true, 0, "q=", 0, 2) && !QVALUE.matcher(p.substring(2)).matches()) {
                    return false;
                }
            }
        }
        return true;
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
