package gatehouse.interop.dbstore;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

/**
 * The whole security set-up of the "db-store-app": Jakarta Security's built-in
 * database identity store over Gatehouse's views (through the read-only datasource
 * of {@link CallersDatasource}), and HTTP Basic.
 * Copied from docs/java-ee-apps.md unchanged, production hash parameters included: a hash
 * carries its own iterations, so the tests' cheaper hashes verify all the same.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "db-store-app")
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "java:global/jdbc/gatehouse-callers",
        callerQuery = "select password_hash from gatehouse_callers where caller_name = ?",
        groupsQuery = "select group_name from gatehouse_caller_groups where caller_name = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class,
        hashAlgorithmParameters = {
                "Pbkdf2PasswordHash.Algorithm=PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations=600000",
                "Pbkdf2PasswordHash.SaltSizeBytes=32",
                "Pbkdf2PasswordHash.KeySizeBytes=32"
        })
@DeclareRoles({"admin", "nurse", "auditor"})
public class DbStoreSecurity {
}
