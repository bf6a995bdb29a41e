package gatehouse.policy;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Jsonp;
import gatehouse.error.Problem;
import gatehouse.store.Fields;
import gatehouse.store.Representation;
import gatehouse.store.ResourceStores;
import gatehouse.user.User;
import gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /auth/explain}: what the access policies decide for a request of a
 * given user and/or client, which policy allows it, and for each policy that applies
 * but does not, the first key of its pattern that the request fails. Turns a 403 into
 * an answer without reading logs (docs/access-policies.md). Root may ask, and like every other
 * endpoint anyone a policy allows (the console's administrators): the answer names
 * policies, so grant it only to those who may read them.
 */
@Path("auth/explain")
@ApplicationScoped
public class ExplainResource {

    @Inject
    AccessPolicies policies;

    @Inject
    Users users;

    @Inject
    ResourceStores stores;

    @Inject
    @ConfigProperty(name = "gatehouse.max.body.bytes")
    long maxBodyBytes;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject explain(@Context HttpHeaders headers, InputStream input) {
        JsonObject question = Representation.parseObject(Representation.read(input, maxBodyBytes), headers.getMediaType());
        String userId = Fields.string(question, "user").orElse(null);
        String clientId = Fields.string(question, "client").orElse(null);
        if (userId == null && clientId == null) {
            throw Problem.unprocessable("user or client: whose request is it?");
        }
        String method = Fields.string(question, "method").orElseThrow(() -> Problem.unprocessable("method is required"))
                .toLowerCase(Locale.ROOT);
        CanonicalPath path = canonical(Fields.string(question, "uri")
                .orElseThrow(() -> Problem.unprocessable("uri is required: the path below the context root, such as /Patient/pt-1")));
        JsonObject body = Fields.object(question, "body").orElse(null);
        Optional<User> user = Optional.ofNullable(userId).map(id -> users.find(id)
                .orElseThrow(() -> Problem.unprocessable("user: no User " + id)));
        String scope = Fields.strings(question, "scope").stream().reduce((a, b) -> a + " " + b).orElse(null);
        List<JsonObject> request = RequestObjects.of(path, method, params(question), user.map(User::render).orElse(null),
                clientId, scope, body);
        Set<String> changed = body != null && (method.equals("put") || method.equals("post"))
                ? PrivilegedFields.changedBy(path, () -> body, stores) : Set.of();
        PolicyEvaluator.Decision decision = PolicyEvaluator.evaluate(policies.current(), () -> request, userId, clientId,
                policy -> policy.bodyFields().containsAll(changed));
        JsonArrayBuilder verdicts = Jsonp.PROVIDER.createArrayBuilder();
        for (PolicyEvaluator.Verdict verdict : PolicyEvaluator.explain(policies.current(), request, userId, clientId)) {
            if (!verdict.applies()) {
                continue;
            }
            JsonObjectBuilder entry = Jsonp.PROVIDER.createObjectBuilder()
                    .add("policy", verdict.policy())
                    .add("allows", verdict.allows());
            if (verdict.mismatch() != null) {
                entry.add("firstMismatch", verdict.mismatch());
            }
            verdicts.add(entry);
        }
        JsonObjectBuilder answer = Jsonp.PROVIDER.createObjectBuilder()
                .add("allowed", decision.allowed())
                .add("policies", verdicts);
        if (decision.allowedBy() != null) {
            answer.add("allowedBy", decision.allowedBy());
        }
        if (!changed.isEmpty()) {
            JsonArrayBuilder fields = Jsonp.PROVIDER.createArrayBuilder();
            changed.forEach(fields::add);
            answer.add("privilegedFieldsChanged", fields);
        }
        return answer.build();
    }

    /** The question's path, read as a request's path is: what the server would refuse is refused here too. */
    private static CanonicalPath canonical(String uri) {
        try {
            return CanonicalPath.parse(uri);
        } catch (CanonicalPath.NotCanonical e) {
            throw Problem.invalid("uri: " + e.getMessage());
        }
    }

    /** {@code params}: each value a string, or a list of strings for a repeated parameter. */
    private static Map<String, List<String>> params(JsonObject question) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        Fields.object(question, "params").ifPresent(object -> object.forEach((name, value) -> {
            if (value instanceof JsonString string) {
                params.put(name, List.of(string.getString()));
            } else if (value.getValueType() == JsonValue.ValueType.ARRAY
                    && value.asJsonArray().stream().allMatch(JsonString.class::isInstance)) {
                params.put(name, value.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
            } else {
                throw Problem.unprocessable("params." + name + " must be a string or a list of strings");
            }
        }));
        return params;
    }
}
