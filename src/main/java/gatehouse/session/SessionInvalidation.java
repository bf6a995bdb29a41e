package gatehouse.session;

import java.time.Clock;

import gatehouse.client.ClientCredentialsChanged;
import gatehouse.user.CredentialsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Keeps Sessions and the token cache in step with what changed: a user's or client's
 * new credentials close its Sessions, and once the transaction of any change or close
 * has ended, the cache forgets what it held again, in case a request filled it meanwhile.
 */
@ApplicationScoped
public class SessionInvalidation {

    @Inject
    Sessions sessions;

    @Inject
    ResolvedTokens resolved;

    @Inject
    Clock clock;

    void closeAllOf(@Observes CredentialsChanged change) {
        resolved.forgetUser(change.userId());
        sessions.closeAllOfUser(change.userId(), clock.millis());
    }

    void closeAllOf(@Observes ClientCredentialsChanged change) {
        resolved.forgetClient(change.clientId());
        sessions.closeAllOfClient(change.clientId(), clock.millis());
    }

    void forgetClientAfterwards(@Observes(during = TransactionPhase.AFTER_COMPLETION) ClientCredentialsChanged change) {
        resolved.forgetClient(change.clientId());
    }

    void forgetUserAfterwards(@Observes(during = TransactionPhase.AFTER_COMPLETION) CredentialsChanged change) {
        resolved.forgetUser(change.userId());
    }

    void forgetAllAfterwards(@Observes(during = TransactionPhase.AFTER_COMPLETION) SessionsClosed change) {
        resolved.forgetAll();
    }

    void forgetSessionAfterwards(@Observes(during = TransactionPhase.AFTER_COMPLETION) SessionClosed change) {
        resolved.forgetSession(change.sessionId());
    }
}
