package gatehouse.config;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * Defines {@link Database#JNDI_NAME} on Payara. The attributes are MicroProfile
 * Config placeholders (a Payara feature), so an operator switches from the
 * embedded H2 default to PostgreSQL with configuration alone. WildFly cannot
 * resolve them: the WildFly WAR ({@code mvn -Pwildfly}) leaves this class out
 * and the server defines the datasource instead.
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
public class PayaraDatasource {
}
