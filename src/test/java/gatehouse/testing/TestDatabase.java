package gatehouse.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The database the integration tests' servers use. For PostgreSQL
 * ({@code -Ppostgres}) it creates the run's own database before any test
 * starts, so runs never see each other's data; for H2 there is nothing to do.
 */
public class TestDatabase implements LauncherSessionListener {

    public static boolean isPostgres() {
        return System.getProperty("it.db.url", "").startsWith("jdbc:postgresql:");
    }

    /**
     * The datasource configuration to hand a server as environment variables (with the
     * key-encryption key that servers on one database share); empty for the H2 default.
     */
    public static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        if (isPostgres()) {
            environment.put("GATEHOUSE_DATASOURCE_CLASS", System.getProperty("it.db.class"));
            environment.put("GATEHOUSE_DATASOURCE_URL", System.getProperty("it.db.url"));
            environment.put("GATEHOUSE_DATASOURCE_USER", System.getProperty("it.db.user"));
            environment.put("GATEHOUSE_DATASOURCE_PASSWORD", System.getProperty("it.db.password"));
            // every server on the shared database must read the same encrypted signing keys
            environment.put("GATEHOUSE_KEY_ENCRYPTION_KEY", System.getProperty("it.key.encryption.key"));
        }
        return environment;
    }

    /** The stored password hash of a user, read straight from PostgreSQL. */
    public static String passwordHashOf(String userId) {
        try (Connection db = DriverManager.getConnection(System.getProperty("it.db.url"),
                System.getProperty("it.db.user"), System.getProperty("it.db.password"));
             var query = db.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
            query.setString(1, userId);
            var result = query.executeQuery();
            return result.next() ? result.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!isPostgres()) {
            return;
        }
        String url = System.getProperty("it.db.url");
        int slash = url.lastIndexOf('/');
        String name = url.substring(slash + 1).split("\\?")[0];
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalStateException("Unexpected test database name " + name);
        }
        try (Connection admin = DriverManager.getConnection(url.substring(0, slash) + "/postgres",
                System.getProperty("it.db.user"), System.getProperty("it.db.password"));
             var exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                admin.createStatement().execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + " (is PostgreSQL running?)", e);
        }
    }
}
