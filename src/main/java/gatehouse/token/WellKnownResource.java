package gatehouse.token;

import gatehouse.config.Issuer;
import gatehouse.config.Jsonp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
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

    private static JsonArrayBuilder strings(String... values) {
        JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    @GET
    @Path("openid-configuration")
    public JsonObject configuration() {
        String url = issuer.url();
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("issuer", url)
                .add("authorization_endpoint", base + "/auth/authorize")
                .add("token_endpoint", base + "/auth/token")
                .add("jwks_uri", base + "/.well-known/jwks.json")
                .add("userinfo_endpoint", base + "/auth/userinfo")
                .add("end_session_endpoint", base + "/auth/logout")
                .add("introspection_endpoint", base + "/auth/introspect")
                .add("revocation_endpoint", base + "/auth/revoke")
                .add("grant_types_supported", strings("authorization_code", "password", "refresh_token", "client_credentials"))
                .add("response_types_supported", strings("code"))
                .add("response_modes_supported", strings("query"))
                .add("code_challenge_methods_supported", strings("S256"))
                .add("scopes_supported", strings("openid", "profile", "email"))
                .add("claims_supported", strings("iss", "sub", "aud", "azp", "exp", "iat", "auth_time", "nonce", "sid",
                        "at_hash", "preferred_username", "name", "given_name", "family_name", "groups", "email"))
                .add("authorization_response_iss_parameter_supported", true)
                .add("token_endpoint_auth_methods_supported", strings("client_secret_basic", "client_secret_post", "none"))
                .add("introspection_endpoint_auth_methods_supported", strings("client_secret_basic", "client_secret_post"))
                .add("revocation_endpoint_auth_methods_supported", strings("client_secret_basic", "client_secret_post"))
                .add("id_token_signing_alg_values_supported", strings(keys.algorithm()))
                .add("subject_types_supported", strings("public"))
                .build();
    }
}
