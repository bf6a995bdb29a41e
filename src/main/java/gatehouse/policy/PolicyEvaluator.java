package gatehouse.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.json.JsonObject;

/** Decides a request: allowed when any policy that applies to the caller matches it. A pure function. */
public final class PolicyEvaluator {

    public record Decision(boolean allowed, String allowedBy, List<String> tried) {
    }

    private PolicyEvaluator() {
    }

    public static Decision evaluate(List<AccessPolicy> policies, JsonObject request, String userId, String clientId) {
        return evaluate(policies, () -> request, userId, clientId);
    }

    /** The request object is built at most once, and only if a policy needs it (allow policies do not). */
    public static Decision evaluate(List<AccessPolicy> policies, Supplier<JsonObject> request, String userId, String clientId) {
        Supplier<JsonObject> once = new Supplier<>() {
            private JsonObject built;

            @Override
            public JsonObject get() {
                if (built == null) {
                    built = request.get();
                }
                return built;
            }
        };
        List<String> tried = new ArrayList<>();
        for (AccessPolicy policy : policies) {
            if (!policy.appliesTo(userId, clientId)) {
                continue;
            }
            tried.add(policy.id());
            if (policy.allows(once)) {
                return new Decision(true, policy.id(), tried);
            }
        }
        return new Decision(false, null, tried);
    }
}
