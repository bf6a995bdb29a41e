package gatehouse.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import gatehouse.config.Jsonp;
import jakarta.json.JsonObjectBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where features report audit events. {@link #record} only queues the event (and,
 * with {@code gatehouse.audit.log=true}, writes it as a JSON line to the
 * {@code gatehouse.audit} logger, for log shipping): the request never waits on the database. {@link AuditWriter} inserts the queue in
 * batches every second. A full queue (the database far behind) drops events and
 * counts them ({@code gatehouse_audit_dropped_total}) rather than slow requests.
 * {@code gatehouse.audit=off} records nothing (for measuring its cost).
 */
@ApplicationScoped
public class Audit {

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login-failed";
    public static final String TOKEN_REFRESHED = "token-refreshed";
    public static final String REFRESH_REUSE = "refresh-reuse-detected";
    public static final String SESSION_CLOSED = "session-closed";
    public static final String USER_LOCKED = "user-locked";
    public static final String CLIENT_AUTH_FAILED = "client-auth-failed";
    public static final String RESOURCE_WRITTEN = "resource-written";
    public static final String CONSENT_GIVEN = "consent-given";
    public static final String CONSENT_REFUSED = "consent-refused";
    public static final String LOGOUT = "logout";

    static final int QUEUE = 50_000;
    private static final Logger JSON_LINES = Logger.getLogger("gatehouse.audit");

    @Inject
    @ConfigProperty(name = "gatehouse.audit")
    boolean enabled;

    /** Also one JSON line per event at INFO on the {@code gatehouse.audit} logger, for a log shipper (off: nothing per request at INFO). */
    @Inject
    @ConfigProperty(name = "gatehouse.audit.log")
    boolean logLines;

    @Inject
    Clock clock;

    @Inject
    Meters meters;

    private final BlockingQueue<AuditRecord> queue = new ArrayBlockingQueue<>(QUEUE);

    public boolean enabled() {
        return enabled;
    }

    /** An event with what is known of it; null fields are left out. */
    public void record(String type, String user, String client, String session, String source, String outcome,
                       String reason, String detail) {
        if (!enabled) {
            return;
        }
        AuditRecord event = new AuditRecord(UUID.randomUUID().toString(), type, clock.millis(), user, client, session,
                source, outcome, reason, detail);
        if (!queue.offer(event)) {
            meters.auditDropped();
        }
        if (logLines) {
            JSON_LINES.info(jsonLine(event));
        }
    }

    /** Up to {@code max} queued events, oldest first. */
    List<AuditRecord> take(int max) {
        List<AuditRecord> batch = new ArrayList<>(Math.min(max, queue.size()));
        queue.drainTo(batch, max);
        return batch;
    }

    static String jsonLine(AuditRecord event) {
        JsonObjectBuilder line = Jsonp.PROVIDER.createObjectBuilder()
                .add("resourceType", "AuditEvent")
                .add("id", event.id())
                .add("type", event.type())
                .add("recorded", Instant.ofEpochMilli(event.recorded()).toString());
        Jsonp.addPresent(line, "user", event.user());
        Jsonp.addPresent(line, "client", event.client());
        Jsonp.addPresent(line, "session", event.session());
        Jsonp.addPresent(line, "source", event.source());
        Jsonp.addPresent(line, "outcome", event.outcome());
        Jsonp.addPresent(line, "reason", event.reason());
        Jsonp.addPresent(line, "detail", event.detail());
        return line.build().toString();
    }
}
