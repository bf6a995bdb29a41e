package gatehouse.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads server-rendered HTML the way a browser without scripts submits it, so that
 * tests do not depend on markup details: the forms (action, method, every input,
 * button, textarea and select with its name and value), the text of
 * {@code role="alert"} elements, and which fields have a label. A small tolerant
 * tokenizer, not a full HTML parser: enough for pages the server renders itself.
 */
public final class HtmlForms {

    /** A start or end tag with its attributes; quoted values may hold {@code >}. */
    private static final Pattern TAG = Pattern.compile(
            "<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([^\\s=>/\"']+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>\"']+)))?");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);");
    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "source", "track", "wbr");

    private HtmlForms() {
    }

    /** A form control: its tag name and its attributes (names lower-case, values decoded). */
    public record Field(String tag, Map<String, String> attributes) {

        public String name() {
            return attributes.get("name");
        }

        /** The value a browser would send: the value attribute (textarea: its text; select: its selected option). */
        public String value() {
            return attributes.getOrDefault("value", "");
        }

        /** The control type, lower-case: an input's type (default text), a button's (default submit), or the tag. */
        public String type() {
            return switch (tag) {
                case "input" -> attributes.getOrDefault("type", "text").toLowerCase(Locale.ROOT);
                case "button" -> attributes.getOrDefault("type", "submit").toLowerCase(Locale.ROOT);
                default -> tag;
            };
        }

        public boolean has(String attribute) {
            return attributes.containsKey(attribute);
        }

        /** A submit button (button or input), sent only when it is the one clicked. */
        public boolean isButton() {
            return Set.of("submit", "image", "button", "reset").contains(type()) && !tag.equals("select");
        }

        /** A field a person sees and fills in (not hidden, not a button). */
        public boolean isVisibleInput() {
            return !isButton() && !type().equals("hidden");
        }
    }

    /** A form: where and how it is sent, and its controls in document order. */
    public record Form(String action, String method, List<Field> fields) {

        /** The value of the first control of that name, or null. */
        public String value(String name) {
            return fields.stream().filter(field -> name.equals(field.name())).map(Field::value).findFirst().orElse(null);
        }

        public boolean has(String name) {
            return fields.stream().anyMatch(field -> name.equals(field.name()));
        }

        /** The controls named so, in document order. */
        public List<Field> named(String name) {
            return fields.stream().filter(field -> name.equals(field.name())).toList();
        }

        /** The names of all controls, in document order, without repeats. */
        public Set<String> names() {
            Set<String> names = new LinkedHashSet<>();
            fields.forEach(field -> {
                if (field.name() != null) {
                    names.add(field.name());
                }
            });
            return names;
        }

        /** The fields a browser would send with no button named (as on pressing Enter). */
        public List<String> submission(Map<String, String> overrides) {
            return submission(overrides, null, null);
        }

        /**
         * Name, value pairs a browser would send when the given button is clicked:
         * every named control except other buttons and unchecked boxes, then the
         * overrides applied (a null value removes the field; a new name is appended).
         */
        public List<String> submission(Map<String, String> overrides, String buttonName, String buttonValue) {
            Map<String, String> left = new LinkedHashMap<>(overrides);
            List<String> pairs = new ArrayList<>();
            boolean clicked = false;
            for (Field field : fields) {
                String name = field.name();
                if (name == null || name.isEmpty() || field.has("disabled")) {
                    continue;
                }
                if (field.isButton()) {
                    if (clicked || !name.equals(buttonName) || !Objects.equals(field.value(), buttonValue)) {
                        continue;
                    }
                    clicked = true;
                }
                if ((field.type().equals("checkbox") || field.type().equals("radio")) && !field.has("checked")) {
                    continue;
                }
                String value = field.value();
                if (left.containsKey(name)) {
                    value = left.remove(name);
                    if (value == null) {
                        continue;
                    }
                }
                pairs.add(name);
                pairs.add(value);
            }
            if (buttonName != null && !clicked) {
                throw new AssertionError("no button " + buttonName + "=" + buttonValue + " in the form: " + fields);
            }
            left.forEach((name, value) -> {
                if (value != null) {
                    pairs.add(name);
                    pairs.add(value);
                }
            });
            return pairs;
        }
    }

    /** Every form of the page, in document order. */
    public static List<Form> forms(String html) {
        String page = COMMENT.matcher(html).replaceAll("");
        List<Form> forms = new ArrayList<>();
        Matcher tag = TAG.matcher(page);
        String action = null;
        String method = null;
        List<Field> fields = null;
        while (tag.find()) {
            boolean end = !tag.group(1).isEmpty();
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            if (name.equals("form")) {
                if (end && fields != null) {
                    forms.add(new Form(action, method, List.copyOf(fields)));
                    fields = null;
                } else if (!end) {
                    Map<String, String> attributes = attributes(tag.group(3));
                    action = attributes.getOrDefault("action", "");
                    method = attributes.getOrDefault("method", "get").toLowerCase(Locale.ROOT);
                    fields = new ArrayList<>();
                }
                continue;
            }
            if (end || fields == null) {
                continue;
            }
            switch (name) {
                case "input", "button" -> fields.add(new Field(name, attributes(tag.group(3))));
                case "textarea" -> {
                    Map<String, String> attributes = new LinkedHashMap<>(attributes(tag.group(3)));
                    int close = page.toLowerCase(Locale.ROOT).indexOf("</textarea", tag.end());
                    attributes.put("value", decode(page.substring(tag.end(), close < 0 ? page.length() : close)));
                    fields.add(new Field(name, Collections.unmodifiableMap(attributes)));
                }
                case "select" -> {
                    Map<String, String> attributes = new LinkedHashMap<>(attributes(tag.group(3)));
                    int close = page.toLowerCase(Locale.ROOT).indexOf("</select", tag.end());
                    String options = page.substring(tag.end(), close < 0 ? page.length() : close);
                    attributes.put("value", selectedOption(options));
                    fields.add(new Field(name, Collections.unmodifiableMap(attributes)));
                }
                default -> {
                }
            }
        }
        if (fields != null) { // an unclosed form still counts, as for browsers
            forms.add(new Form(action, method, List.copyOf(fields)));
        }
        return forms;
    }

    /** The page's only form; fails the test when there is none or more than one. */
    public static Form form(String html) {
        List<Form> forms = forms(html);
        if (forms.size() != 1) {
            throw new AssertionError("expected one form, found " + forms.size() + " in:\n" + html);
        }
        return forms.get(0);
    }

    /** The text (tags removed, entities decoded, white space collapsed) of every element with role="alert". */
    public static List<String> alerts(String html) {
        String page = COMMENT.matcher(html).replaceAll("");
        List<String> alerts = new ArrayList<>();
        Matcher tag = TAG.matcher(page);
        while (tag.find()) {
            if (!tag.group(1).isEmpty()) {
                continue;
            }
            Map<String, String> attributes = attributes(tag.group(3));
            if (!"alert".equalsIgnoreCase(attributes.get("role"))) {
                continue;
            }
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            int close = closingTag(page, name, tag.end());
            alerts.add(text(page.substring(tag.end(), close)));
        }
        return alerts;
    }

    /**
     * The visible fields (not hidden, not buttons) of the page that have no label: neither a
     * {@code <label for>} naming their id, nor an enclosing label, nor aria-label/aria-labelledby.
     */
    public static List<String> unlabelledFields(String html) {
        String page = COMMENT.matcher(html).replaceAll("");
        Set<String> labelledIds = new LinkedHashSet<>();
        List<String> unlabelled = new ArrayList<>();
        Matcher tag = TAG.matcher(page);
        List<Field> controls = new ArrayList<>();
        List<Boolean> insideLabel = new ArrayList<>();
        int labelDepth = 0;
        while (tag.find()) {
            boolean end = !tag.group(1).isEmpty();
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            if (name.equals("label")) {
                if (end) {
                    labelDepth = Math.max(0, labelDepth - 1);
                } else {
                    labelDepth++;
                    String target = attributes(tag.group(3)).get("for");
                    if (target != null) {
                        labelledIds.add(target);
                    }
                }
            } else if (!end && (name.equals("input") || name.equals("textarea") || name.equals("select"))) {
                controls.add(new Field(name, attributes(tag.group(3))));
                insideLabel.add(labelDepth > 0);
            }
        }
        for (int i = 0; i < controls.size(); i++) {
            Field control = controls.get(i);
            if (!control.isVisibleInput()) {
                continue;
            }
            boolean labelled = insideLabel.get(i) || labelledIds.contains(control.attributes().get("id"))
                    || control.has("aria-label") || control.has("aria-labelledby");
            if (!labelled) {
                unlabelled.add(control.name() == null ? control.attributes().toString() : control.name());
            }
        }
        return unlabelled;
    }

    /** The page's text: tags removed, entities decoded, white space collapsed. */
    public static String text(String html) {
        String noTags = TAG.matcher(COMMENT.matcher(html).replaceAll("")).replaceAll(" ");
        return decode(noTags).replaceAll("\\s+", " ").trim();
    }

    /** Attributes of a tag, names lower-case, values with entities decoded; a bare attribute has value "". */
    public static Map<String, String> attributes(String inside) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(inside);
        while (attribute.find()) {
            String name = attribute.group(1).toLowerCase(Locale.ROOT);
            String value = attribute.group(2) != null ? attribute.group(2)
                    : attribute.group(3) != null ? attribute.group(3)
                    : attribute.group(4) != null ? attribute.group(4) : "";
            attributes.putIfAbsent(name, decode(value)); // browsers keep the first of repeated attributes
        }
        return Collections.unmodifiableMap(attributes);
    }

    /** HTML character references: numeric ones and the few named ones server templates use. */
    public static String decode(String text) {
        Matcher entity = ENTITY.matcher(text);
        StringBuilder decoded = new StringBuilder();
        while (entity.find()) {
            String reference = entity.group(1);
            String replacement;
            if (reference.startsWith("#x") || reference.startsWith("#X")) {
                replacement = new String(Character.toChars(Integer.parseInt(reference.substring(2), 16)));
            } else if (reference.startsWith("#")) {
                replacement = new String(Character.toChars(Integer.parseInt(reference.substring(1))));
            } else {
                replacement = switch (reference) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    case "nbsp" -> "\u00a0";
                    default -> entity.group();
                };
            }
            entity.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
        }
        entity.appendTail(decoded);
        return decoded.toString();
    }

    private static String selectedOption(String options) {
        Matcher tag = TAG.matcher(options);
        String first = null;
        while (tag.find()) {
            if (!tag.group(1).isEmpty() || !tag.group(2).equalsIgnoreCase("option")) {
                continue;
            }
            Map<String, String> attributes = attributes(tag.group(3));
            String value = attributes.get("value");
            if (value == null) {
                int close = options.toLowerCase(Locale.ROOT).indexOf("</option", tag.end());
                int next = options.indexOf('<', tag.end());
                int stop = close >= 0 ? close : next >= 0 ? next : options.length();
                value = text(options.substring(tag.end(), stop));
            }
            if (attributes.containsKey("selected")) {
                return value;
            }
            if (first == null) {
                first = value;
            }
        }
        return first == null ? "" : first;
    }

    /** Where the element opened before {@code from} ends, counting nested elements of the same name. */
    private static int closingTag(String page, String name, int from) {
        if (VOID.contains(name)) {
            return from;
        }
        Matcher tag = TAG.matcher(page);
        tag.region(from, page.length());
        int depth = 1;
        while (tag.find()) {
            if (!tag.group(2).equalsIgnoreCase(name)) {
                continue;
            }
            if (tag.group(1).isEmpty()) {
                if (!tag.group(3).trim().endsWith("/")) {
                    depth++;
                }
            } else if (--depth == 0) {
                return tag.start();
            }
        }
        return page.length();
    }
}
