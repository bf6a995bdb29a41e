package gatehouse.store;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import gatehouse.config.Jsonp;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML to and from the JSON data model. Reading streams SnakeYAML's parser
 * events into a JSON tree, never through SnakeYAML's node graph or object
 * constructor: only the JSON types exist (no merge keys, binary, timestamps or
 * sets), nothing is built beyond the body's {@link TreeBudget} (every use of an
 * alias counts the whole subtree again, so aliases cannot multiply the body), and
 * numbers are checked as literals. Plain scalars resolve as in YAML 1.2's core
 * schema (true/false, decimal numbers, null) so that {@code no}, {@code 012} or a
 * date stay what JSON would make of them.
 */
final class Yaml {

    private static final Resolver RESOLVER = new CoreSchemaResolver();

    /** A finished subtree under an anchor, with what building it cost. */
    private record Anchored(JsonValue value, long values, long chars) {
    }

    /** One mapping or sequence being built, with the anchor it is filed under and what was spent before it. */
    private static final class Open extends TreeFrame {
        final String anchor;
        final long[] spentBefore;

        Open(boolean isMapping, String path, String anchor, long[] spentBefore) {
            super(isMapping, path);
            this.anchor = anchor;
            this.spentBefore = spentBefore;
        }
    }

    private Yaml() {
    }

    static JsonValue parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(text.length(), 1)); // the body limit is the limit, not SnakeYAML's 3 MB
        options.setNestingDepthLimit(TreeBudget.MAX_DEPTH + 1);
        TreeBudget budget = new TreeBudget(text.length());
        Map<String, Anchored> anchors = new HashMap<>();
        Deque<Open> open = new ArrayDeque<>();
        JsonValue document = null;
        int documents = 0;
        var yaml = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options),
                new Representer(new DumperOptions()), new DumperOptions(), options, RESOLVER);
        try {
            for (Event event : yaml.parse(new StringReader(text))) {
                if (event.is(Event.ID.DocumentStart) && ++documents > 1) {
                    throw new MalformedBodyException("Malformed YAML: one document only");
                }
                Open parent = open.peek();
                if (parent != null && parent.expectsKey() && !event.is(Event.ID.MappingEnd)) {
                    if (!(event instanceof ScalarEvent key) || !Tag.STR.equals(tag(key))) {
                        throw new MalformedBodyException("YAML mapping keys must be strings, at " + TreeBudget.where(parent.path));
                    }
                    parent.key(key.getValue(), budget);
                    continue;
                }
                boolean end = event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd);
                String path = parent == null ? "" : end ? parent.path : parent.childPath();
                JsonValue value = null;
                if (event instanceof CollectionStartEvent start) {
                    requireCollectionTag(start, path);
                    budget.value(path, open.size() + 1);
                    open.push(new Open(start instanceof MappingStartEvent, path, start.getAnchor(), budget.spent()));
                } else if (end) {
                    Open done = open.pop();
                    value = done.build();
                    remember(anchors, done.anchor, value, done.spentBefore, budget);
                } else if (event instanceof ScalarEvent scalar) {
                    long[] before = budget.spent();
                    budget.value(path, open.size());
                    value = scalar(scalar, path, budget);
                    remember(anchors, scalar.getAnchor(), value, before, budget);
                } else if (event instanceof AliasEvent alias) {
                    Anchored anchored = anchors.get(alias.getAnchor());
                    if (anchored == null) {
                        throw new MalformedBodyException("YAML alias *" + alias.getAnchor() + " at " + TreeBudget.where(path)
                                + " refers to no finished anchor (undefined, or a node that contains the alias)");
                    }
                    budget.value(path, open.size());
                    budget.repeat(anchored.values(), anchored.chars(), path);
                    value = anchored.value();
                }
                if (value != null) {
                    if (open.isEmpty()) {
                        document = value;
                    } else {
                        open.peek().add(value);
                    }
                }
            }
        } catch (YAMLException e) {
            throw new MalformedBodyException("Malformed YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new MalformedBodyException("YAML nested too deeply");
        }
        return document == null ? JsonValue.NULL : document;
    }

    private static void remember(Map<String, Anchored> anchors, String anchor, JsonValue value, long[] before, TreeBudget budget) {
        if (anchor != null) {
            long[] after = budget.spent();
            anchors.put(anchor, new Anchored(value, after[0] - before[0], after[1] - before[1]));
        }
    }

    private static void requireCollectionTag(CollectionStartEvent start, String path) {
        String tag = start.getTag();
        Tag expected = start instanceof MappingStartEvent ? Tag.MAP : Tag.SEQ;
        if (tag != null && !tag.equals("!") && !expected.getValue().equals(tag)) {
            throw unsupported(tag, path);
        }
    }

    /** The scalar's tag: explicit, or resolved as the core schema says (quoted scalars are strings). */
    private static Tag tag(ScalarEvent scalar) {
        String explicit = scalar.getTag();
        if (explicit == null || explicit.equals("!")) {
            return RESOLVER.resolve(NodeId.scalar, scalar.getValue(), scalar.getImplicit().canOmitTagInPlainScalar());
        }
        return new Tag(explicit);
    }

    private static JsonValue scalar(ScalarEvent scalar, String path, TreeBudget budget) {
        String value = scalar.getValue();
        Tag tag = tag(scalar);
        if (Tag.STR.equals(tag)) {
            budget.text(value, path);
            return Jsonp.PROVIDER.createValue(value);
        }
        if (Tag.NULL.equals(tag)) {
            return JsonValue.NULL;
        }
        if (Tag.BOOL.equals(tag)) {
            return switch (value) {
                case "true", "True", "TRUE" -> JsonValue.TRUE;
                case "false", "False", "FALSE" -> JsonValue.FALSE;
                default -> throw new MalformedBodyException("Not a boolean at " + TreeBudget.where(path));
            };
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            String literal = value.replace("_", "");
            if (literal.startsWith("+")) {
                literal = literal.substring(1);
            }
            if (literal.startsWith(".") || literal.startsWith("-.")) { // .5; .inf and .nan then fail as numbers
                literal = literal.replaceFirst("\\.", "0.");
            }
            return budget.number(literal, path);
        }
        throw unsupported(tag.getValue(), path);
    }

    private static MalformedBodyException unsupported(String tag, String path) {
        return new MalformedBodyException("Unsupported YAML tag " + tag + " at " + TreeBudget.where(path)
                + "; only the JSON types are allowed");
    }

    static String write(JsonValue value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setWidth(4096);
        return new org.yaml.snakeyaml.Yaml(new ExactRepresenter(options), options).dump(toJava(value));
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
                // Integers without an exponent as integers; 1E+400 stays in its short form, never 401 digits.
                BigDecimal number = ((JsonNumber) value).bigDecimalValue();
                yield number.scale() == 0 ? number.unscaledValue() : number;
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

    /** Writes decimals exactly, as plain YAML floats. */
    private static final class ExactRepresenter extends Representer {
        ExactRepresenter(DumperOptions options) {
            super(options);
            representers.put(BigDecimal.class, data -> representScalar(Tag.FLOAT, ((BigDecimal) data).toString()));
        }
    }

    /** YAML 1.2 core schema for plain scalars; no timestamps, octals, merge keys or yes/no booleans. */
    private static final class CoreSchemaResolver extends Resolver {
        private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
        private static final Pattern FLOAT = Pattern.compile("^[-+]?(?:\\.[0-9]+|(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$");
        private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
            // Numbers of any length are numbers (and then refused when too long), never strings by their length.
            addImplicitResolver(Tag.INT, INT, "-+0123456789", Integer.MAX_VALUE);
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+.0123456789", Integer.MAX_VALUE);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
