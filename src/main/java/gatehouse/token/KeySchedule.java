package gatehouse.token;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Looks every {@code gatehouse.key.check.seconds} (default 300) whether a signing
 * key is due to rotate or retire. Every instance looks; the store's row lock lets
 * exactly one act.
 */
@Startup
@Singleton
@DependsOn("TokenService")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeySchedule {

    @Inject
    SigningKeys keys;

    @Inject
    @ConfigProperty(name = "gatehouse.key.check.seconds")
    long checkSeconds;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        long interval = Math.max(1, checkSeconds) * 1000;
        timers.createIntervalTimer(interval, interval, new TimerConfig(null, false));
    }

    @Timeout
    void check() {
        keys.scheduled();
    }
}
