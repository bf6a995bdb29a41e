package gatehouse.policy;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Jsonp;
import gatehouse.store.ResourceStores;
import gatehouse.store.Resources;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Fields whose change raises privilege (docs/access-policies.md): a User's {@code roles} (its
 * JWT groups), {@code inactive}, {@code password} and {@code lockedUntil} (sent as
 * null, it lifts a brute-force lock); a Client's {@code secret},
 * {@code grant_types}, {@code auth}, {@code introspection}, {@code first_party} (no consent
 * page) and {@code scopes}. Anyone but root may
 * change one only through a policy that names it in its {@code body} pattern.
 */
final class PrivilegedFields {

    static final Map<String, Set<String>> BY_TYPE = Map.of(
            "User", Set.of("roles", "inactive", "password", "lockedUntil"),
            "Client", Set.of("secret", "grant_types", "auth", "introspection", "first_party", "scopes"));

    /** Write-only: never shown, so sending one at all is changing it. */
    private static final Set<String> WRITE_ONLY = Set.of("password", "secret");

    /** An action rather than a value: sending it at all ({@code lockedUntil: null}, the unlock) is using it. */
    private static final Set<String> ACTIONS = Set.of("lockedUntil");

    /** What a field means when it is absent. */
    private static final Map<String, JsonValue> DEFAULTS = Map.of(
            "roles", JsonValue.EMPTY_JSON_ARRAY,
            "inactive", JsonValue.FALSE,
            "grant_types", JsonValue.EMPTY_JSON_ARRAY,
            "auth", JsonValue.EMPTY_JSON_OBJECT,
            "introspection", Jsonp.PROVIDER.createValue("own"),
            "first_party", JsonValue.FALSE,
            "scopes", JsonValue.EMPTY_JSON_ARRAY);

    private PrivilegedFields() {
    }

    /**
     * The privileged fields a write of {@code body} to {@code path} ({@code /User},
     * {@code /User/<id>}, the same for Client) would change; none for other paths.
     * The body is only asked for when the path is guarded.
     */
    static Set<String> changedBy(CanonicalPath path, Supplier<JsonObject> body, ResourceStores stores) {
        Optional<String> guarded = path.type().filter(BY_TYPE::containsKey);
        if (guarded.isEmpty()) {
            return Set.of();
        }
        String type = guarded.get();
        String id = path.id().orElseGet(() -> Resources.requestedId(body.get()));
        return changed(type, body.get(), id == null ? Optional.empty() : stores.of(type).read(type, id));
    }

    /**
     * The privileged fields a write of {@code body} changes: against the stored
     * resource, or against the defaults when there is none (a creation).
     */
    static Set<String> changed(String type, JsonObject body, Optional<JsonObject> stored) {
        Set<String> changed = new LinkedHashSet<>();
        for (String field : BY_TYPE.getOrDefault(type, Set.of())) {
            if (ACTIONS.contains(field)) {
                if (body.containsKey(field)) {
                    changed.add(field);
                }
            } else if (WRITE_ONLY.contains(field)) {
                if (present(body.get(field))) {
                    changed.add(field);
                }
            } else if (!meaning(field, body.get(field)).equals(meaning(field, stored.map(s -> s.get(field)).orElse(null)))) {
                changed.add(field);
            }
        }
        return changed;
    }

    /** Of the fields a write changes, those dropped rather than refused when no policy names them: the unlock. */
    static Set<String> ignoredUnlessNamed(Set<String> changed) {
        Set<String> actions = new LinkedHashSet<>(changed);
        actions.retainAll(ACTIONS);
        return actions;
    }

    private static boolean present(JsonValue value) {
        return value != null && value != JsonValue.NULL;
    }

    private static JsonValue meaning(String field, JsonValue value) {
        return present(value) ? value : DEFAULTS.getOrDefault(field, JsonValue.NULL);
    }
}
