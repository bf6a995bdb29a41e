package gatehouse.search;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import gatehouse.config.Jsonp;
import gatehouse.config.ServerSecrets;
import gatehouse.error.Problem;
import gatehouse.search.SearchSql.Key;
import gatehouse.search.SearchSql.Position;
import gatehouse.search.SearchTable.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The {@code _cursor} of next links: where the next page starts (the last row's
 * sort values and id), bound to the search it belongs to, and signed with a key
 * every instance shares (server_secrets), so a cursor made by one instance works
 * on another, and a changed or foreign one is refused with 400.
 */
@ApplicationScoped
public class Cursors {

    static final String SECRET_NAME = "search-cursor";
    private static final int MAC_BYTES = 16;

    @Inject
    ServerSecrets secrets;

    String encode(SearchTable table, SearchQuery query, Position position) {
        JsonArrayBuilder keys = Jsonp.PROVIDER.createArrayBuilder();
        for (Object value : position.keys()) {
            if (value == null) {
                keys.addNull();
            } else if (value instanceof String string) {
                keys.add(string);
            } else if (value instanceof Boolean bool) {
                keys.add(bool);
            } else if (value instanceof BigDecimal decimal) {
                keys.add(decimal);
            } else {
                keys.add(((Number) value).longValue());
            }
        }
        JsonObject payload = Jsonp.PROVIDER.createObjectBuilder()
                .add("q", fingerprint(table, query))
                .add("k", keys)
                .add("i", position.id())
                .build();
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(bytes) + "." + base64.encodeToString(mac(bytes));
    }

    Position decode(SearchTable table, SearchQuery query, List<Key> sortKeys) {
        String cursor = query.cursor();
        int dot = cursor.indexOf('.');
        try {
            if (dot < 0 || cursor.length() > 8192) {
                throw tampered();
            }
            Base64.Decoder base64 = Base64.getUrlDecoder();
            byte[] bytes = base64.decode(cursor.substring(0, dot));
            if (!MessageDigest.isEqual(mac(bytes), base64.decode(cursor.substring(dot + 1)))) {
                throw tampered();
            }
            JsonObject payload;
            try (var reader = Jsonp.PROVIDER.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
                payload = reader.readObject();
            }
            if (!fingerprint(table, query).equals(payload.getString("q"))) {
                throw Problem.invalid("This _cursor belongs to another search: follow the next link of this one");
            }
            JsonArray values = payload.getJsonArray("k");
            if (values.size() != sortKeys.size()) {
                throw tampered();
            }
            List<Object> keys = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                keys.add(value(values.get(i), sortKeys.get(i).kind()));
            }
            return new Position(keys, payload.getString("i"));
        } catch (IllegalArgumentException | JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw tampered();
        }
    }

    private static Object value(JsonValue value, Kind kind) {
        if (value == JsonValue.NULL) {
            return null;
        }
        if (kind == null || kind == Kind.TEXT) {
            return ((JsonString) value).getString();
        }
        return switch (kind) {
            case BOOLEAN -> switch (value.getValueType()) {
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw tampered();
            };
            case TIME -> ((JsonNumber) value).longValueExact();
            default -> ((JsonNumber) value).bigDecimalValue();
        };
    }

    /** What the cursor must be used with: the type, the filters and the order, not the page size. */
    private static String fingerprint(SearchTable table, SearchQuery query) {
        String search = table.type() + "\n" + query.filters() + "\n" + query.ids() + "\n" + query.sort();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(search.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Arrays.copyOf(hmac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        return secrets.named(SECRET_NAME);
    }

    private static Problem tampered() {
        return Problem.invalid("_cursor is not one this server made for this search: follow the next link");
    }
}
