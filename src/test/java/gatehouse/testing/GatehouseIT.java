package gatehouse.testing;

import java.io.File;
import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

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

    @BeforeEach
    void connect() {
        http = new Http(base);
    }
}
