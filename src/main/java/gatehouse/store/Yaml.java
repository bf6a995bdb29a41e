package gatehouse.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import gatehouse.config.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML to and from the JSON data model, with SnakeYAML's safe constructor and
 * bounded aliases, nesting and size. Plain scalars resolve as in YAML 1.2's
 * core schema (true/false, decimal numbers, null) so that {@code no},
 * {@code 012} or a date stay what JSON would make of them.
 */
final class Yaml {

    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 64;

    private Yaml() {
    }

    static JsonValue parse(String text, int maxCodePoints) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(Math.max(maxCodePoints, 1));
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        var yaml = new org.yaml.snakeyaml.Yaml(new ExactConstructor(options), new Representer(dumper),
                dumper, options, new CoreSchemaResolver());
        Object document;
        try {
            document = yaml.load(text);
        } catch (YAMLException | ClassCastException e) {
            throw new MalformedBodyException("Malformed YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new MalformedBodyException("YAML nested too deeply");
        }
        return toJson(document, 0);
    }

    static String write(JsonValue value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setWidth(4096);
        return new org.yaml.snakeyaml.Yaml(new ExactRepresenter(options), options).dump(toJava(value));
    }

    /** Depth-bounded, which also stops an anchor that contains itself ({@code a: &a [*a]}). */
    private static JsonValue toJson(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedBodyException("YAML nested too deeply (or an alias refers to itself)");
        }
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = Jsonp.PROVIDER.createObjectBuilder();
            for (var entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new MalformedBodyException("YAML mapping keys must be strings, found " + entry.getKey());
                }
                object.add(key, toJson(entry.getValue(), depth + 1));
            }
            return object.build();
        }
        if (value instanceof List<?> list) {
            JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
            list.forEach(element -> array.add(toJson(element, depth + 1)));
            return array.build();
        }
        if (value instanceof String string) {
            return Jsonp.PROVIDER.createValue(string);
        }
        if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long) {
            return Jsonp.PROVIDER.createValue(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return Jsonp.PROVIDER.createValue(big);
        }
        if (value instanceof BigDecimal number) {
            return Jsonp.PROVIDER.createValue(number);
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw new MalformedBodyException("YAML numbers must be finite");
            }
            return Jsonp.PROVIDER.createValue(BigDecimal.valueOf(number));
        }
        throw new MalformedBodyException("Unsupported YAML value of type " + value.getClass().getSimpleName());
    }

    private static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.asJsonObject().forEach((key, member) -> map.put(key, toJava(member)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                value.asJsonArray().forEach(element -> list.add(toJava(element)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> {
                JsonNumber number = (JsonNumber) value;
                yield number.isIntegral() ? number.bigIntegerValue() : number.bigDecimalValue();
            }
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable document";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Reads decimals exactly, as JSON does, instead of through a double. */
    private static final class ExactConstructor extends SafeConstructor {
        ExactConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(Tag.FLOAT, new org.yaml.snakeyaml.constructor.AbstractConstruct() {
                @Override
                public Object construct(org.yaml.snakeyaml.nodes.Node node) {
                    String text = constructScalar((org.yaml.snakeyaml.nodes.ScalarNode) node).replace("_", "");
                    try {
                        return new BigDecimal(text);
                    } catch (NumberFormatException notFinite) { // .inf, .nan
                        throw new MalformedBodyException("YAML numbers must be finite");
                    }
                }
            });
        }
    }

    /** Writes decimals exactly, as plain YAML floats. */
    private static final class ExactRepresenter extends Representer {
        ExactRepresenter(DumperOptions options) {
            super(options);
            representers.put(BigDecimal.class, data -> representScalar(Tag.FLOAT, ((BigDecimal) data).toString()));
        }
    }

    /** YAML 1.2 core schema for plain scalars; no timestamps, octals or yes/no booleans. */
    private static final class CoreSchemaResolver extends Resolver {
        private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
        private static final Pattern FLOAT = Pattern.compile("^[-+]?(?:\\.[0-9]+|(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$");
        private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+.0123456789");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
