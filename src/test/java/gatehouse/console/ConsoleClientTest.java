package gatehouse.console;

import java.util.List;
import java.util.Optional;

import gatehouse.config.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleClientTest {

    /** The console's client of the previous release, as an operator may have tuned it. */
    private static final JsonObject PASSWORD_CLIENT = json("{\"resourceType\":\"Client\",\"id\":\"gatehouse-console\","
            + "\"meta\":{\"versionId\":\"3\",\"lastUpdated\":\"2026-11-01T00:00:00Z\"},\"grant_types\":[\"password\"],"
            + "\"auth\":{\"password\":{\"token_format\":\"opaque\",\"access_token_expiration\":120,\"refresh_token\":true,"
            + "\"secret_required\":false}},\"introspection\":\"own\",\"data\":{\"note\":\"tuned\"}}");

    @Test
    void createdAsAFirstPartyPublicClientOfTheAuthorizationCodeGrantWithPkce() {
        JsonObject client = ConsoleClient.attributes();
        assertTrue(client.getBoolean("first_party"));
        assertEquals(List.of("authorization_code", "refresh_token"), strings(client, "grant_types"));
        assertFalse(client.containsKey("secret"), "public: the page cannot keep a secret");
        JsonObject code = client.getJsonObject("auth").getJsonObject("authorization_code");
        // A path: the console on this server, at whatever address the browser opened it (the issuer when configured).
        assertEquals("/console/", code.getString("redirect_uri"));
        assertEquals("/console/", code.getString("post_logout_redirect_uri"));
        assertTrue(code.getBoolean("pkce"));
        assertEquals("opaque", code.getString("token_format"));
        assertEquals(300, code.getInt("access_token_expiration"));
        assertTrue(code.getBoolean("refresh_token"));
        assertEquals(28800, code.getInt("refresh_token_expiration"));
        assertFalse(client.getJsonObject("auth").containsKey("password"), "no password grant any more");
    }

    @Test
    void docsShowTheClientAsCreated() {
        String documented = gatehouse.testing.DocExamples.of("docs/console.md").yamlFile("gatehouse-console,");
        assertEquals(ConsoleClient.attributes(), BootstrapAdminTest.yaml(documented));
    }

    @Test
    void upgradeWhenClientOfAnEarlierReleaseThenSignInAddedAndEverythingElseKept() {
        JsonObject upgraded = ConsoleClient.upgrade(PASSWORD_CLIENT).orElseThrow();
        assertFalse(upgraded.containsKey("resourceType") || upgraded.containsKey("id") || upgraded.containsKey("meta"),
                "attributes for a write");
        assertEquals(List.of("password", "authorization_code", "refresh_token"), strings(upgraded, "grant_types"));
        assertTrue(upgraded.getBoolean("first_party"));
        assertEquals(PASSWORD_CLIENT.getJsonObject("auth").getJsonObject("password"),
                upgraded.getJsonObject("auth").getJsonObject("password"), "the operator's password settings are kept");
        assertEquals(ConsoleClient.attributes().getJsonObject("auth").getJsonObject("authorization_code"),
                upgraded.getJsonObject("auth").getJsonObject("authorization_code"));
        assertEquals("tuned", upgraded.getJsonObject("data").getString("note"));
        assertEquals("own", upgraded.getString("introspection"));
    }

    @Test
    void upgradeWhenOperatorSetFirstPartyOrTheCodeAliasThenTheirChoiceStays() {
        JsonObject stored = Jsonp.PROVIDER.createObjectBuilder(PASSWORD_CLIENT)
                .add("first_party", false)
                .add("grant_types", Jsonp.PROVIDER.createArrayBuilder().add("code"))
                .build();
        JsonObject upgraded = ConsoleClient.upgrade(stored).orElseThrow();
        assertFalse(upgraded.getBoolean("first_party"));
        assertEquals(List.of("code", "refresh_token"), strings(upgraded, "grant_types"), "code is authorization_code's alias");
    }

    @Test
    void upgradeWhenClientHasAuthorizationCodeThenNothing() {
        JsonObject current = Jsonp.PROVIDER.createObjectBuilder(ConsoleClient.attributes())
                .add("resourceType", "Client").add("id", ConsoleClient.ID).build();
        assertEquals(Optional.empty(), ConsoleClient.upgrade(current));
        JsonObject tuned = Jsonp.PROVIDER.createObjectBuilder(current)
                .add("auth", json("{\"authorization_code\":{\"redirect_uri\":\"https://other/console/\"}}")).build();
        assertEquals(Optional.empty(), ConsoleClient.upgrade(tuned), "the operator's own settings stay");
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.get(field) instanceof jakarta.json.JsonString single ? List.of(single.getString())
                : object.getJsonArray(field).getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    private static JsonObject json(String text) {
        try (var reader = Jsonp.PROVIDER.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }
}
