package gatehouse.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import gatehouse.config.Jsonp;
import gatehouse.error.Problem;
import gatehouse.store.ResourceStore;
import gatehouse.store.ResourceStores;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bootstrap administrator, like Keycloak's: with {@code gatehouse.admin.user} and
 * {@code gatehouse.admin.password} set and no User of that login name, start-up creates that
 * User and an AccessPolicy ({@code gatehouse-admin}) linked to it that allows every request,
 * privileged fields included: everything root may do through the console. Both in one
 * transaction, so a start that fails between them leaves neither. Created once and never
 * written again: a User of that login name, whoever made it, is left as it is. Two instances
 * starting together: the loser's insert conflicts with the winner's and it finds the User.
 * A password shorter than {@value #MIN_PASSWORD_LENGTH} characters stops the start.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@TransactionManagement(TransactionManagementType.BEAN)
public class BootstrapAdmin {

    static final int MIN_PASSWORD_LENGTH = 8;

    static final String POLICY_ID = "gatehouse-admin";

    /**
     * The fields only a policy that names them in its body pattern may let a caller change
     * (docs/access-policies.md): a User's, then a Client's.
     */
    static final List<String> PRIVILEGED_FIELDS = List.of("roles", "inactive", "password", "lockedUntil",
            "secret", "grant_types", "auth", "introspection", "first_party", "scopes");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class.getName());

    @Inject
    ResourceStores stores;

    @Resource
    UserTransaction transaction;

    @Inject
    @ConfigProperty(name = "gatehouse.admin.user")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "gatehouse.admin.password")
    Optional<String> password;

    @PostConstruct
    void ensureExists() {
        Optional<String> name = user.map(String::strip).filter(value -> !value.isEmpty());
        if (name.isEmpty() || password.isEmpty()) {
            if (name.isPresent() || password.isPresent()) {
                LOG.warning("Only one of GATEHOUSE_ADMIN_USER and GATEHOUSE_ADMIN_PASSWORD is set: no administrator is created");
            }
            return;
        }
        check(password.get());
        String id = userId(name.get());
        ResourceStore users = stores.of("User");
        ResourceStore policies = stores.of("AccessPolicy");
        // A policy of that id made before (for an administrator since deleted, say) is never overwritten.
        String policyId = policies.read("AccessPolicy", POLICY_ID).isPresent() ? POLICY_ID + "-" + id : POLICY_ID;
        try {
            transaction.begin();
            users.create("User", id, Jsonp.PROVIDER.createObjectBuilder()
                    .add("userName", name.get())
                    .add("password", password.get())
                    .build());
            policies.create("AccessPolicy", policyId, policy(id));
            transaction.commit();
            LOG.info(() -> "Created the administrator " + name.get() + " (User/" + id + ", AccessPolicy/" + policyId
                    + ") from GATEHOUSE_ADMIN_USER and GATEHOUSE_ADMIN_PASSWORD");
        } catch (Problem e) {
            rollback();
            if (e.status() != 409) {
                throw new IllegalStateException("Cannot create the administrator GATEHOUSE_ADMIN_USER: " + e.getMessage(), e);
            }
            // A User of that login name exists (or another instance created it this moment): left as it is.
            LOG.info(() -> "GATEHOUSE_ADMIN_USER: a User named " + name.get() + " exists; it is left as it is");
        } catch (Exception e) {
            rollback();
            if (users.read("User", id).isEmpty()) {
                throw new IllegalStateException("Cannot create the administrator GATEHOUSE_ADMIN_USER", e);
            }
            // Another instance created it at the same moment.
        }
    }

    /** Refuses a password too weak for the account that may do everything. */
    static void check(String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            // Fails the deployment: an administrator that can be guessed must never be created.
            throw new IllegalStateException("GATEHOUSE_ADMIN_PASSWORD is shorter than " + MIN_PASSWORD_LENGTH
                    + " characters; set a longer one (or unset GATEHOUSE_ADMIN_USER and GATEHOUSE_ADMIN_PASSWORD)");
        }
    }

    /**
     * The new User's id: the login name itself when it is a valid id (e.g. {@code admin}),
     * otherwise one derived from it (an e-mail address has an {@code @}). The same name gives
     * the same id on every instance, so concurrent starts conflict on it.
     */
    static String userId(String name) {
        if (ID.matcher(name).matches()) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "admin-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Allows the linked User every request, with or without a body, and names every
     * privileged field in its body pattern (present or absent), which a write that changes one needs.
     */
    static JsonObject policy(String userId) {
        JsonObjectBuilder fields = Jsonp.PROVIDER.createObjectBuilder();
        for (String field : PRIVILEGED_FIELDS) {
            fields.add(field, Jsonp.PROVIDER.createObjectBuilder()
                    .add("$one-of", Jsonp.PROVIDER.createArrayBuilder().add("present?").add("nil?")));
        }
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("engine", "matcho")
                .add("matcho", Jsonp.PROVIDER.createObjectBuilder()
                        .add("body", Jsonp.PROVIDER.createObjectBuilder()
                                .add("$one-of", Jsonp.PROVIDER.createArrayBuilder().add("nil?").add(fields))))
                .add("link", Jsonp.PROVIDER.createArrayBuilder()
                        .add(Jsonp.PROVIDER.createObjectBuilder().add("resourceType", "User").add("id", userId)))
                .build();
    }

    private void rollback() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (SystemException | IllegalStateException e) {
            LOG.warning(() -> "Rolling back the administrator's creation failed: " + e);
        }
    }
}
