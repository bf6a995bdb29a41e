package gatehouse.interop.mpjwt;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * An application that trusts Gatehouse's JWTs through MicroProfile JWT alone:
 * the keys, issuer and audience come from META-INF/microprofile-config.properties.
 * Payara needs the @LoginConfig class to be a CDI bean, hence @ApplicationScoped.
 */
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@ApplicationPath("api")
@DeclareRoles({"admin", "nurse"})
public class MpJwtApplication extends Application {
}
