package gatehouse.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class TokenRequestTelemetryTest {

    private final Meters meters = new Meters();
    private final Audit audit = new Audit();
    private final TokenRequestTelemetry telemetry = new TokenRequestTelemetry();

    TokenRequestTelemetryTest() {
        meters.enabled = true;
        meters.register();
        audit.enabled = true;
        audit.clock = Clock.systemUTC();
        audit.meters = meters;
        telemetry.meters = meters;
        telemetry.audit = audit;
    }

    private List<String> audited() {
        return audit.take(100).stream().map(event -> event.type() + " " + event.user() + " " + event.outcome()).toList();
    }

    @Test
    void passwordGrantWhenItLocksTheUserThenAFailedLoginAndALockAreAudited() {
        telemetry.record(new TokenRequestCompleted("password", "invalid_grant", "app", "u1", null, "10.0.0.1",
                Duration.ofMillis(5), "wrong-password", true));
        assertEquals(List.of("login-failed u1 wrong-password", "user-locked u1 locked"), audited());
        assertTrue(meters.scrape().contains("gatehouse_token_requests_seconds_count{grant_type=\"password\",outcome=\"invalid_grant\"} 1"),
                meters.scrape());
    }

    @Test
    void refreshWhenReusedThenCountedAsReuseAndAuditedOnce() {
        telemetry.record(new TokenRequestCompleted("refresh_token", "refresh_reused", "app", null, null, "10.0.0.1",
                Duration.ofMillis(5), null, false));
        assertEquals(List.of("refresh-reuse-detected null refresh_reused"), audited());
        assertTrue(meters.scrape().contains("gatehouse_refresh_reuse_total 1"), meters.scrape());
    }

    @Test
    void successThenALoginOrARefreshWithItsUser() {
        telemetry.record(new TokenRequestCompleted("password", "success", "app", "u1", "s1", "10.0.0.1", Duration.ZERO, null, false));
        telemetry.record(new TokenRequestCompleted("refresh_token", "success", "app", "u1", "s1", "10.0.0.1", Duration.ZERO, null, false));
        telemetry.record(new TokenRequestCompleted(null, "throttled", null, null, null, "10.0.0.1", Duration.ZERO, null, false));
        assertEquals(List.of("login u1 success", "token-refreshed u1 success"), audited());
    }
}
