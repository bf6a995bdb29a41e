package gatehouse.config;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * The one datasource, {@code java:global/jdbc/gatehouse}. Its attributes are
 * MicroProfile Config placeholders (a Payara feature), so an operator switches
 * from the embedded H2 default to PostgreSQL with configuration alone.
 * {@code java:global} lets other applications on the same server share it.
 */
@Singleton
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "${MPCONFIG=gatehouse.datasource.class}",
        url = "${MPCONFIG=gatehouse.datasource.url}",
        user = "${MPCONFIG=gatehouse.datasource.user}",
        password = "${MPCONFIG=gatehouse.datasource.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=auto-commit",
                "fish.payara.fail-all-connections=true"
        })
public class Database {
    public static final String JNDI_NAME = "java:global/jdbc/gatehouse";
}
