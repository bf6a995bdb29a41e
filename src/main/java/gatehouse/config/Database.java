package gatehouse.config;

/**
 * The one datasource, {@code java:global/jdbc/gatehouse}, on every server: on
 * Payara the application defines it ({@link PayaraDatasource}), on WildFly the
 * server does ({@code server-config/wildfly/gatehouse.cli}). {@code java:global}
 * lets other applications on the same server share it.
 */
public final class Database {

    public static final String JNDI_NAME = "java:global/jdbc/gatehouse";

    private Database() {
    }
}
