package gatehouse.config;

import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Creates and upgrades the schema with Flyway before anything else touches the
 * database. Flyway serialises concurrent starts with a database lock, so two
 * instances starting at once apply each migration exactly once.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // Flyway commits itself
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    /** Migrations written in Java (they need the application's code), found as beans: Flyway does not scan for them. */
    @Inject
    @Any
    Instance<JavaMigration> javaMigrations;

    @PostConstruct
    void migrate() {
        var result = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(javaMigrations.stream().toArray(JavaMigration[]::new))
                .load()
                .migrate();
        // INFO only when the schema changed: the start-up line says the rest (ops.StartupLine).
        LOG.log(result.migrationsExecuted > 0 ? Level.INFO : Level.FINE, () -> "Database schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }
}
