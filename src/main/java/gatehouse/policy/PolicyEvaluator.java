package gatehouse.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.json.JsonObject;

/**
 * Decides a request: allowed when a policy that applies to the caller matches
 * it (and, for a write that changes privileged fields, names them). A pure
 * function of the policies and the request object.
 */
public final class PolicyEvaluator {

    /**
     * @param allowedBy    the policy that allowed the request, or null
     * @param tried        the policies that apply to the caller, in order
     * @param insufficient whether some policy matched but did not name the privileged fields the write changes
     */
    public record Decision(boolean allowed, String allowedBy, List<String> tried, boolean insufficient) {
    }

    /** One policy's verdict on a request, for {@code POST /auth/explain}. */
    public record Verdict(String policy, boolean applies, boolean allows, String mismatch) {
    }

    private PolicyEvaluator() {
    }

    /**
     * The request objects (one per alternative of a search with commas; all must be
     * allowed) are built at most once, and only if a policy needs them (allow
     * policies do not). {@code sufficient} says whether an allowing policy may make
     * this request whole (the privileged-field rule); always true for most requests.
     */
    public static Decision evaluate(List<AccessPolicy> policies, Supplier<List<JsonObject>> request, String userId,
                                    String clientId, Predicate<AccessPolicy> sufficient) {
        Supplier<List<JsonObject>> once = new Supplier<>() {
            private List<JsonObject> built;

            @Override
            public List<JsonObject> get() {
                if (built == null) {
                    built = request.get();
                }
                return built;
            }
        };
        List<String> tried = new ArrayList<>();
        boolean insufficient = false;
        for (AccessPolicy policy : policies) {
            if (!policy.appliesTo(userId, clientId)) {
                continue;
            }
            tried.add(policy.id());
            if (policy.allows(once)) {
                if (sufficient.test(policy)) {
                    return new Decision(true, policy.id(), tried, false);
                }
                insufficient = true;
            }
        }
        return new Decision(false, null, tried, insufficient);
    }

    /** Every policy's verdict on the request: whether it applies to the caller, allows it, and else where it fails. */
    public static List<Verdict> explain(List<AccessPolicy> policies, List<JsonObject> request, String userId, String clientId) {
        List<Verdict> verdicts = new ArrayList<>();
        for (AccessPolicy policy : policies) {
            if (!policy.appliesTo(userId, clientId)) {
                verdicts.add(new Verdict(policy.id(), false, false, null));
                continue;
            }
            Optional<String> mismatch = policy.mismatch(request);
            verdicts.add(new Verdict(policy.id(), true, mismatch.isEmpty(), mismatch.orElse(null)));
        }
        return verdicts;
    }
}
