package gatehouse.config;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every endpoint sits directly below the context root, as in Aidbox. */
@ApplicationPath("/")
public class GatehouseApplication extends Application {
}
