package gatehouse.policy;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

/** Decides a request: allowed when any policy that applies to the caller matches it. A pure function. */
public final class PolicyEvaluator {

    public record Decision(boolean allowed, String allowedBy, List<String> tried) {
    }

    private PolicyEvaluator() {
    }

    public static Decision evaluate(List<AccessPolicy> policies, JsonObject request, String userId, String clientId) {
        List<String> tried = new ArrayList<>();
        for (AccessPolicy policy : policies) {
            if (!policy.appliesTo(userId, clientId)) {
                continue;
            }
            tried.add(policy.id());
            if (policy.allows(request)) {
                return new Decision(true, policy.id(), tried);
            }
        }
        return new Decision(false, null, tried);
    }
}
