package gatehouse.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import gatehouse.config.Jsonp;
import gatehouse.search.SearchTable;
import gatehouse.store.Fields;
import gatehouse.store.GenericResources;
import gatehouse.store.ReadOnlyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * The {@code Consent} type: what a user allowed a client that is not first-party to ask
 * for, given on the consent page. Stored like any document (searchable by {@code user.id},
 * {@code client.id}), one per user and client; clients read and delete them (a delete
 * withdraws the consent: the page asks again) but never write them, root included.
 */
@ApplicationScoped
public class Consents implements ReadOnlyStore {

    public static final String TYPE = "Consent";

    @Inject
    GenericResources documents;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String writtenBy() {
        return "Consents are given by users on the consent page, not written by clients";
    }

    @Override
    public String allowed() {
        return "GET, DELETE";
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return documents.read(TYPE, id);
    }

    @Override
    public SearchTable searchTable(String type) {
        return documents.searchTable(TYPE);
    }

    @Override
    public Optional<JsonObject> delete(String type, String id) {
        return documents.delete(TYPE, id);
    }

    /** Whether the user allowed the client every one of these scopes. */
    boolean covers(String userId, String clientId, Collection<String> scopes) {
        return documents.read(TYPE, id(userId, clientId))
                .map(consent -> Set.copyOf(Fields.strings(consent, "scope")).containsAll(scopes))
                .orElse(false);
    }

    /** Records the user's consent to these scopes, adding to what it allowed the client before. */
    void give(String userId, String clientId, Collection<String> scopes) {
        String id = id(userId, clientId);
        Set<String> given = new LinkedHashSet<>();
        documents.read(TYPE, id).ifPresent(consent -> given.addAll(Fields.strings(consent, "scope")));
        given.addAll(scopes);
        documents.put(TYPE, id, Jsonp.PROVIDER.createObjectBuilder()
                .add("user", reference("User", userId))
                .add("client", reference("Client", clientId))
                .add("scope", Jsonp.PROVIDER.createArrayBuilder(given))
                .build());
    }

    /** One Consent per user and client, at an id made of both (ids are at most 64 characters; these two may be 128). */
    static String id(String userId, String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((userId + "\n" + clientId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject reference(String type, String id) {
        return Jsonp.PROVIDER.createObjectBuilder().add("resourceType", type).add("id", id).build();
    }
}
