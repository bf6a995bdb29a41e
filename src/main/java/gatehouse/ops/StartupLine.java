package gatehouse.ops;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.logging.Logger;
import javax.sql.DataSource;

import gatehouse.client.RootClient;
import gatehouse.config.Database;
import gatehouse.config.Issuer;
import gatehouse.telemetry.Meters;
import gatehouse.token.SigningKeys;
import gatehouse.user.HashGate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * The last start-up bean: once migrations ran and the signing keys are loaded
 * (the beans it depends on), it registers the gauges, logs the one INFO line an
 * operator needs, and marks the instance started for {@code /health}.
 */
@Startup
@Singleton
@DependsOn({"Migrations", "TokenService", "AuditWriter"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StartupLine {

    private static final Logger LOG = Logger.getLogger(StartupLine.class.getName());

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Inject
    Issuer issuer;

    @Inject
    SigningKeys keys;

    @Inject
    RootClient root;

    @Inject
    Readiness readiness;

    @Inject
    Meters meters;

    @Inject
    HashGate hashGate;

    @Inject
    OpenSessions openSessions;

    @Inject
    Clock clock;

    @PostConstruct
    void started() {
        meters.hashGate(hashGate::inFlight, hashGate::queued, hashGate::rejected);
        meters.openSessions(openSessions::count);
        meters.signingKeyAge(() -> (clock.millis() - keys.currentKeyCreated()) / 1000);
        meters.signingKeyChecked(() -> keys.lastScheduledCheck() / 1000.0);
        readiness.started();
        LOG.info(() -> "Gatehouse started: database " + database()
                + ", issuer " + (issuer.configured() ? issuer.url() : "not set (http://localhost:<port of the first request>)")
                + ", signing key " + keys.currentKeyId()
                + ", version " + Version.NUMBER
                + ", root client " + (root.configured() ? "configured" : "not configured")
                + "; health at /health/ready, metrics at /metrics");
    }

    /** The product and the URL without its query, where a password could be. */
    private String database() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String url = meta.getURL() == null ? "" : meta.getURL().split("[?;]")[0];
            return meta.getDatabaseProductName() + " " + url;
        } catch (SQLException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
