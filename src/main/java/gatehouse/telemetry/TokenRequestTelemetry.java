package gatehouse.telemetry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Every answered token request is timed and counted by grant type and outcome, and
 * audited: logins, refreshes, failed client authentications, failed logins, locks and
 * refresh token reuse. Other refusals (throttled, malformed requests) are counted, not
 * audited one by one.
 */
@ApplicationScoped
public class TokenRequestTelemetry {

    @Inject
    Meters meters;

    @Inject
    Audit audit;

    void record(@Observes TokenRequestCompleted request) {
        meters.tokenRequest(request.grantType(), request.outcome(), request.duration().toNanos());
        if (request.outcome().equals("refresh_reused")) {
            meters.refreshReuse();
        }
        audit(request);
    }

    private void audit(TokenRequestCompleted request) {
        String client = request.clientId();
        String source = request.source();
        switch (request.outcome()) {
            case TokenRequestCompleted.SUCCESS -> audit.record(request.refresh() ? Audit.TOKEN_REFRESHED : Audit.LOGIN,
                    request.userId(), client, request.sessionId(), source, request.outcome(), null,
                    request.signIn() ? "browser" : null);
            case "invalid_client" -> audit.record(Audit.CLIENT_AUTH_FAILED, null, client, null, source, request.outcome(), null, null);
            case "refresh_reused" -> audit.record(Audit.REFRESH_REUSE, null, client, null, source, request.outcome(), null, null);
            case "invalid_grant", "locked" -> {
                if (!request.refresh()) {
                    audit.record(Audit.LOGIN_FAILED, request.userId(), client, null, source,
                            request.loginFailure() != null ? request.loginFailure() : request.outcome(), null, null);
                }
                if (request.lockedNow()) {
                    audit.record(Audit.USER_LOCKED, request.userId(), client, null, source, "locked", null, null);
                }
            }
            default -> {
                // counted above, not audited
            }
        }
    }
}
