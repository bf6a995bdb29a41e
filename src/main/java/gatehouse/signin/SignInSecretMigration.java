package gatehouse.signin;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;

import jakarta.enterprise.context.Dependent;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/** Schema version 11.1: the key every instance signs the sign-in pages' form tokens with ({@link FormTokens}). */
@Dependent
public class SignInSecretMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("11.1");
    }

    @Override
    public String getDescription() {
        return "sign-in form key";
    }

    @Override
    public Integer getChecksum() {
        return 111;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (PreparedStatement insert = context.getConnection().prepareStatement("INSERT INTO server_secrets (name, secret) VALUES (?, ?)")) {
            insert.setString(1, FormTokens.SECRET_NAME);
            insert.setString(2, Base64.getEncoder().encodeToString(key));
            insert.executeUpdate();
        }
    }
}
