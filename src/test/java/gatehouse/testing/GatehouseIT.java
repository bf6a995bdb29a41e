package gatehouse.testing;

import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Base of the black-box integration tests: the WAR that {@code package} built,
 * deployed unchanged to a real Payara Micro on a free port, on a fresh H2
 * database, reached over real HTTP.
 */
@ExtendWith({ArquillianExtension.class, LastResponseWatcher.class})
@RunAsClient
public abstract class GatehouseIT {

    @ArquillianResource
    protected URL base;

    protected Http http;

    @Deployment(testable = false)
    public static WebArchive gatehouse() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("gatehouse.war", "target/gatehouse.war")));
    }

    /** The servers seen serving, by address: each class's server is waited for once. */
    private static final Set<String> READY = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void connect() throws InterruptedException {
        http = new Http(base);
        awaitReady();
    }

    /**
     * Arquillian returns once Payara says the WAR is deployed, which can be a moment before the
     * application serves: until then Payara's own default module answers (an HTML 403 or 404).
     * Readiness is the application's to say: its health check.
     */
    private void awaitReady() throws InterruptedException {
        if (READY.contains(http.base())) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = http.get("/health/ready").send().status();
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = http.get("/health/ready").send().status();
        }
        assertEquals(200, status, "the application is ready within 60 s of its deployment");
        READY.add(http.base());
    }
}
