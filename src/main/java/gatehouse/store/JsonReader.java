package gatehouse.store;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import gatehouse.config.Jsonp;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

/**
 * Reads JSON text into a tree within a {@link TreeBudget}, from the parser's
 * events: numbers are checked as literals before they become numbers, keys must
 * not repeat, and every refusal names where in the document it happened.
 */
final class JsonReader {

    /** Parsson's own bound on nesting (other JSON-P providers ignore unknown keys); ours is checked too. */
    private static final JsonParserFactory PARSERS = Jsonp.PROVIDER.createParserFactory(
            Map.of("org.eclipse.parsson.maxDepth", TreeBudget.MAX_DEPTH + 1));

    private JsonReader() {
    }

    static JsonValue read(String text) {
        TreeBudget budget = new TreeBudget(text.length());
        Deque<TreeFrame> open = new ArrayDeque<>();
        JsonValue document = null;
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new MalformedBodyException("The request has no body");
            }
            do {
                JsonParser.Event event = parser.next();
                TreeFrame parent = open.peek();
                boolean ownPath = event == JsonParser.Event.KEY_NAME || event == JsonParser.Event.END_OBJECT
                        || event == JsonParser.Event.END_ARRAY;
                String path = parent == null ? "" : ownPath ? parent.path : parent.childPath();
                JsonValue value = switch (event) {
                    case KEY_NAME -> {
                        parent.key(parser.getString(), budget);
                        yield null;
                    }
                    case START_OBJECT, START_ARRAY -> {
                        budget.value(path, open.size() + 1);
                        open.push(new TreeFrame(event == JsonParser.Event.START_OBJECT, path));
                        yield null;
                    }
                    case END_OBJECT, END_ARRAY -> open.pop().build();
                    case VALUE_STRING -> {
                        budget.value(path, open.size());
                        budget.text(parser.getString(), path);
                        yield Jsonp.PROVIDER.createValue(parser.getString());
                    }
                    case VALUE_NUMBER -> {
                        budget.value(path, open.size());
                        yield budget.number(parser.getString(), path);
                    }
                    case VALUE_TRUE -> scalar(budget, path, open, JsonValue.TRUE);
                    case VALUE_FALSE -> scalar(budget, path, open, JsonValue.FALSE);
                    case VALUE_NULL -> scalar(budget, path, open, JsonValue.NULL);
                };
                if (value != null) {
                    if (open.isEmpty()) {
                        document = value;
                    } else {
                        open.peek().add(value);
                    }
                }
            } while (!open.isEmpty());
            if (parser.hasNext()) {
                throw new MalformedBodyException("Malformed JSON: content after the end of the document");
            }
            return document;
        } catch (JsonParsingException e) {
            var location = e.getLocation();
            throw new MalformedBodyException("Malformed JSON at line " + location.getLineNumber()
                    + ", column " + location.getColumnNumber() + ": " + e.getMessage());
        } catch (MalformedBodyException e) {
            throw e;
        } catch (RuntimeException e) { // Parsson reports nesting over its limit as a bare RuntimeException
            throw new MalformedBodyException("Malformed JSON: " + e.getMessage());
        }
    }

    private static JsonValue scalar(TreeBudget budget, String path, Deque<TreeFrame> open, JsonValue value) {
        budget.value(path, open.size());
        return value;
    }
}
