package gatehouse.token;

import java.time.Clock;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Deletes authorization codes a day after they expired, in the background, once an hour. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the store opens its own transaction
public class AuthorizationCodePurge {

    @Inject
    AuthorizationCodes codes;

    @Inject
    Clock clock;

    @Schedule(hour = "*", minute = "40", persistent = false)
    void purge() {
        codes.purge(clock.millis());
    }
}
