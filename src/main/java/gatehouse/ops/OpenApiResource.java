package gatehouse.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import gatehouse.config.Issuer;
import gatehouse.config.Jsonp;
import gatehouse.store.Representation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;

/**
 * The OpenAPI 3.1 document of the API ({@code gatehouse/openapi.yaml}, written by
 * hand beside docs/api.md and checked against the routes by {@code OperatingIT}), with the
 * issuer as its server and the build's version as {@code info.version}. YAML by default, as MicroProfile OpenAPI serves it; JSON
 * for {@code Accept: application/json}. Public: it describes, it holds nothing secret.
 */
@Path("openapi")
@ApplicationScoped
public class OpenApiResource {

    static final MediaType YAML = MediaType.valueOf("application/yaml");

    @Inject
    Issuer issuer;

    private String yaml;
    private JsonObject json;

    @PostConstruct
    void load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/gatehouse/openapi.yaml")) {
            // info.version is the build's: the file holds a placeholder, never a number to forget
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceFirst("(?m)^  version: .*$", "  version: " + Jsonp.PROVIDER.createValue(Version.NUMBER));
            json = Representation.parseObject(yaml.getBytes(StandardCharsets.UTF_8), YAML);
        } catch (IOException e) {
            throw new IllegalStateException("gatehouse/openapi.yaml is missing from the WAR", e);
        }
    }

    @GET
    public Response document(@Context HttpHeaders headers) {
        String server = issuer.url();
        boolean wantsJson = headers.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType());
        if (wantsJson) {
            JsonObject withServer = Jsonp.PROVIDER.createObjectBuilder(json)
                    .add("servers", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder().add("url", server)))
                    .build();
            return Response.ok(withServer, MediaType.APPLICATION_JSON_TYPE).build();
        }
        // The issuer is configuration, never input: still quoted, so no value can break the YAML.
        String servers = "\nservers:\n  - url: " + Jsonp.PROVIDER.createValue(server) + "\n";
        return Response.ok(yaml + servers, YAML.withCharset("UTF-8")).build();
    }
}
