package gatehouse.client;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Protocol;
import gatehouse.config.SourceAddresses;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds credential requests (the OAuth endpoints, HTTP Basic anywhere) from an
 * address the {@link CredentialThrottle} is refusing for a moment before they go
 * on to be checked, and most likely refused. A flood's connections then wait
 * instead of spinning: cheap as each 429 is, thousands a second of them would
 * still take the cores from everyone else's requests. A held request keeps no
 * thread (servlet async); past {@link #MAX_HELD} at once, requests go on at once.
 * Bearer requests are never held.
 */
public class ThrottleDelay extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final int MAX_HELD = 10_000;

    @Inject
    CredentialThrottle throttle;

    @Inject
    SourceAddresses addresses;

    @Inject
    @ConfigProperty(name = "gatehouse.throttle.delay.ms")
    long delayMillis;

    @Resource
    transient ManagedScheduledExecutorService scheduler;

    private final AtomicInteger held = new AtomicInteger();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (delayMillis > 0 && checksCredentials(request)
                && throttle.refusing(addresses.of(request))) {
            if (held.incrementAndGet() <= MAX_HELD) {
                AsyncContext async = request.startAsync();
                scheduler.schedule(() -> {
                    held.decrementAndGet();
                    async.dispatch();
                }, delayMillis, TimeUnit.MILLISECONDS);
                return;
            }
            held.decrementAndGet();
        }
        chain.doFilter(request, response);
    }

    private static boolean checksCredentials(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return Protocol.isOAuthEndpoint(CanonicalPath.of(request))
                || authorization != null && ClientCredentials.isBasic(authorization.trim());
    }
}
