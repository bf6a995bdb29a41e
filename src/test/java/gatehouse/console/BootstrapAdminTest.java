package gatehouse.console;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import gatehouse.config.Jsonp;
import gatehouse.policy.AccessPolicy;
import gatehouse.policy.PolicyEvaluator;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapAdminTest {

    @Test
    void checkWhenPasswordShorterThanEightThenTheStartStopsNamingTheSetting() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> BootstrapAdmin.check("1234567"));
        assertTrue(refused.getMessage().contains("GATEHOUSE_ADMIN_PASSWORD is shorter than 8 characters"), refused.getMessage());
        BootstrapAdmin.check("12345678");
    }

    @Test
    void userIdWhenNameIsAValidIdThenTheNameElseTheSameDerivedIdOnEveryInstance() {
        assertEquals("admin", BootstrapAdmin.userId("admin"));
        assertEquals("ops.admin-1", BootstrapAdmin.userId("ops.admin-1"));
        String derived = BootstrapAdmin.userId("Admin@Example.com");
        assertTrue(derived.matches("admin-[0-9a-f]{16}"), derived);
        assertEquals(derived, BootstrapAdmin.userId("admin@example.com"), "login names compare case-insensitively");
        assertFalse(derived.equals(BootstrapAdmin.userId("other@example.com")));
    }

    @Test
    void policyNamesEveryPrivilegedFieldTheServerGuards() throws ReflectiveOperationException {
        Class<?> privileged = Class.forName("gatehouse.policy.PrivilegedFields");
        Field byType = privileged.getDeclaredField("BY_TYPE");
        byType.setAccessible(true);
        Set<String> guarded = new TreeSet<>();
        ((Map<?, ?>) byType.get(null)).values().forEach(fields -> ((Collection<?>) fields).forEach(field -> guarded.add((String) field)));
        assertEquals(guarded, new TreeSet<>(BootstrapAdmin.PRIVILEGED_FIELDS));
        assertEquals(guarded, policy("u1").bodyFields());
    }

    @Test
    void policyLetsItsUserDoWhatRootDoesThroughTheConsoleAndNobodyElse() throws ReflectiveOperationException {
        AccessPolicy policy = policy("u1");
        assertTrue(policy.appliesTo("u1", "gatehouse-console"));
        assertFalse(policy.appliesTo("u2", "gatehouse-console"), "linked to the administrator only");
        assertTrue(allowed(policy, request("get", "/Session", null), Set.of()));
        assertTrue(allowed(policy, request("delete", "/Session", null), Set.of()));
        assertTrue(allowed(policy, request("post", "/auth/keys/rotate", JsonValue.EMPTY_JSON_OBJECT), Set.of()));
        assertTrue(allowed(policy, request("post", "/auth/keys/rotate", null), Set.of()), "a bodyless POST");
        JsonObject user = json("{\"userName\":\"x\",\"password\":\"a-long-password\",\"roles\":[{\"value\":\"r\"}],"
                + "\"inactive\":true,\"lockedUntil\":null}");
        assertTrue(allowed(policy, request("put", "/User/x", user), Set.of("roles", "inactive", "password", "lockedUntil")));
        JsonObject client = json("{\"secret\":\"s\",\"grant_types\":[\"password\"],\"auth\":{},\"introspection\":\"any\"}");
        assertTrue(allowed(policy, request("put", "/Client/c", client), Set.of("secret", "grant_types", "auth", "introspection")));
        assertTrue(allowed(policy, request("post", "/Patient", json("{\"name\":[{\"family\":\"F\"}]}")), Set.of()));
    }

    @Test
    void docsShowThePolicyAsCreated() {
        String documented = gatehouse.testing.DocExamples.of("docs/console.md").yamlFile("gatehouse-admin");
        assertEquals(BootstrapAdmin.policy("admin"), yaml(documented));
    }

    static JsonObject yaml(String text) {
        Map<String, Object> loaded = new org.yaml.snakeyaml.Yaml().load(text);
        return Jsonp.PROVIDER.createObjectBuilder(loaded).build();
    }

    private static boolean allowed(AccessPolicy policy, JsonObject request, Set<String> changed) {
        PolicyEvaluator.Decision decision = PolicyEvaluator.evaluate(List.of(policy), () -> List.of(request), "u1",
                "gatehouse-console", candidate -> candidate.bodyFields().containsAll(changed));
        return decision.allowed() && !decision.insufficient();
    }

    private static JsonObject request(String method, String uri, JsonObject body) {
        var request = Jsonp.PROVIDER.createObjectBuilder().add("uri", uri).add("request-method", method)
                .add("params", JsonValue.EMPTY_JSON_OBJECT).add("user", json("{\"id\":\"u1\"}"))
                .add("client", json("{\"id\":\"gatehouse-console\"}"));
        if (body != null) {
            request.add("body", body);
        }
        return request.build();
    }

    private static AccessPolicy policy(String userId) throws ReflectiveOperationException {
        Method of = AccessPolicy.class.getDeclaredMethod("of", String.class, JsonObject.class);
        of.setAccessible(true);
        return (AccessPolicy) of.invoke(null, BootstrapAdmin.POLICY_ID, BootstrapAdmin.policy(userId));
    }

    private static JsonObject json(String text) {
        try (var reader = Jsonp.PROVIDER.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }
}
