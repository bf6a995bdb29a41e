package gatehouse.store;

import java.util.HashSet;
import java.util.Set;

import gatehouse.config.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** One object or array being read into a tree (JSON or YAML), and where in the document it is. */
class TreeFrame {

    final String path;
    private final JsonObjectBuilder object;
    private final JsonArrayBuilder array;
    private final Set<String> keys;
    private String key;
    private int size;

    TreeFrame(boolean isObject, String path) {
        this.path = path;
        this.object = isObject ? Jsonp.PROVIDER.createObjectBuilder() : null;
        this.array = isObject ? null : Jsonp.PROVIDER.createArrayBuilder();
        this.keys = isObject ? new HashSet<>() : null;
    }

    /** An object whose next event is a key. */
    boolean expectsKey() {
        return object != null && key == null;
    }

    /** The key of the next member: counted, and refused when the object has it already. */
    void key(String name, TreeBudget budget) {
        budget.text(name, path);
        if (!keys.add(name)) {
            throw new MalformedBodyException("Duplicate key at " + TreeBudget.member(path, name));
        }
        key = name;
    }

    /** Where the next member or element goes. */
    String childPath() {
        return object != null ? TreeBudget.member(path, key) : TreeBudget.element(path, size);
    }

    void add(JsonValue value) {
        if (object != null) {
            object.add(key, value);
            key = null;
        } else {
            array.add(value);
        }
        size++;
    }

    JsonValue build() {
        return object != null ? object.build() : array.build();
    }
}
