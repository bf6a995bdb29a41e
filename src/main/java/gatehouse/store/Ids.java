package gatehouse.store;

import java.util.UUID;
import java.util.regex.Pattern;

import gatehouse.error.Problem;

/** Resource ids and type names: what is allowed and how new ids are made. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

    private Ids() {
    }

    public static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw Problem.invalid("Invalid id: use 1 to 64 characters of A-Z, a-z, 0-9, '-' and '.'");
        }
        return id;
    }

    public static String requireValidType(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            // Lower-case first segments belong to the server (/health, /metrics, /auth, ...): never a type, so
            // the generic API can neither shadow nor be shadowed by them (docs/api.md#paths).
            throw Problem.invalid("Invalid resource type: type names start with an upper-case letter and use A-Z, a-z, 0-9"
                    + " (lower-case paths belong to the server)");
        }
        return type;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
