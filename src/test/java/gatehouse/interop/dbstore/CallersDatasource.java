package gatehouse.interop.dbstore;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * The "db-store-app"'s own datasource onto Gatehouse's database, as another
 * application would have it: on PostgreSQL as the read-only role of
 * server-config/postgresql/callers-reader.sql, which sees the two views and
 * nothing else. The values come from the environment the test starts Payara with.
 */
@Singleton
@DataSourceDefinition(
        name = "java:global/jdbc/gatehouse-callers",
        className = "${MPCONFIG=gatehouse.callers.datasource.class}",
        url = "${MPCONFIG=gatehouse.callers.datasource.url}",
        user = "${MPCONFIG=gatehouse.callers.datasource.user}",
        password = "${MPCONFIG=gatehouse.callers.datasource.password}")
public class CallersDatasource {
}
