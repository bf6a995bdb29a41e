package gatehouse.token;

import gatehouse.config.Issuer;
import gatehouse.config.Jsonp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Discovery: RFC 8414 metadata and the RFC 7517 key set. Public. */
@Path(".well-known")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {

    @Inject
    SigningKeys keys;

    @Inject
    Issuer issuer;

    @GET
    @Path("jwks.json")
    public JsonObject jwks() {
        return keys.jwks();
    }

    @GET
    @Path("openid-configuration")
    public JsonObject configuration() {
        String url = issuer.url();
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("issuer", url)
                .add("token_endpoint", base + "/auth/token")
                .add("jwks_uri", base + "/.well-known/jwks.json")
                .add("userinfo_endpoint", base + "/auth/userinfo")
                .add("introspection_endpoint", base + "/auth/introspect")
                .add("revocation_endpoint", base + "/auth/revoke")
                .add("grant_types_supported", Jsonp.PROVIDER.createArrayBuilder().add("password").add("refresh_token").add("client_credentials"))
                .add("response_types_supported", Jsonp.PROVIDER.createArrayBuilder())
                .add("token_endpoint_auth_methods_supported",
                        Jsonp.PROVIDER.createArrayBuilder().add("client_secret_basic").add("client_secret_post").add("none"))
                .add("introspection_endpoint_auth_methods_supported",
                        Jsonp.PROVIDER.createArrayBuilder().add("client_secret_basic").add("client_secret_post"))
                .add("revocation_endpoint_auth_methods_supported",
                        Jsonp.PROVIDER.createArrayBuilder().add("client_secret_basic").add("client_secret_post"))
                .add("id_token_signing_alg_values_supported", Jsonp.PROVIDER.createArrayBuilder().add("RS256"))
                .add("subject_types_supported", Jsonp.PROVIDER.createArrayBuilder().add("public"))
                .build();
    }
}
