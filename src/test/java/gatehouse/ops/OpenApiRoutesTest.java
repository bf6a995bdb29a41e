package gatehouse.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The OpenAPI document in the WAR and the JAX-RS routes agree both ways, before any
 * server runs (OperatingIT checks the document the server serves, and probes it).
 */
class OpenApiRoutesTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARouteWithItsParameters() throws IOException {
        OpenAPI api;
        try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream("/gatehouse/openapi.yaml")) {
            api = OpenApiDocuments.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), OpenApiDocuments.differences(api, OpenApiDocuments.routeMap()));
    }
}
