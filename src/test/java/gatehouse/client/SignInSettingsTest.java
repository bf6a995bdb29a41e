package gatehouse.client;

import java.util.List;
import java.util.Set;

import gatehouse.error.Problem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInSettingsTest {

    @Test
    void redirectUrisAreAStringOrAListComparedExactly() {
        Client one = ClientFixtures.of("a", "{\"grant_types\":[\"code\"],\"auth\":{\"authorization_code\":"
                + "{\"redirect_uri\":\"https://app.example.com/cb\"}}}", true);
        assertTrue(one.grantTypes().contains(GrantType.AUTHORIZATION_CODE), "code is Aidbox's alias");
        assertEquals(List.of("https://app.example.com/cb"), one.signIn().redirectUris());
        for (String near : List.of("https://app.example.com/cb/", "https://APP.example.com/cb", "https://app.example.com:443/cb",
                "https://app.example.com/cb?x=1", "https://app.example.com/c%62", "http://app.example.com/cb", "https://app.example.com/CB")) {
            assertFalse(one.signIn().redirects(near, "https://gatehouse.example.com"), near);
        }
        Client many = ClientFixtures.of("b", "{\"auth\":{\"authorization_code\":{\"redirect_uri\":[\"https://a/cb\",\"http://localhost:8081/cb\"],"
                + "\"post_logout_redirect_uri\":\"https://a/\"}}}", true);
        assertTrue(many.signIn().redirects("http://localhost:8081/cb", "https://g"));
        assertTrue(many.signIn().redirectsAfterLogout("https://a/", "https://g"));
        assertFalse(many.signIn().redirectsAfterLogout("https://a", "https://g"));
    }

    @Test
    void aPathIsARedirectUriOnThisServer() {
        Client console = ClientFixtures.of("console", "{\"auth\":{\"authorization_code\":{\"redirect_uri\":\"/console/\"}}}", false);
        assertTrue(console.signIn().redirects("https://g.example.com/console/", "https://g.example.com"));
        assertFalse(console.signIn().redirects("https://g.example.com/console/", "https://other.example.com"));
        assertFalse(console.signIn().redirects("/console/", "https://g.example.com"), "the path alone is no address");
        assertFalse(console.signIn().redirects("https://g.example.com/console/x", "https://g.example.com"));
        for (String bad : List.of("//evil.example.com/", "/a/../b", "/a b", "/x?y", "/x#y")) {
            assertThrows(Problem.class, () -> ClientFixtures.of("c", "{\"auth\":{\"authorization_code\":{\"redirect_uri\":\"" + bad
                    + "\"}}}", false), bad);
        }
    }

    @Test
    void badRegistrationsAreRefusedWhenTheClientIsWritten() {
        for (String bad : List.of("\"cb\"", "\"https://app/cb#frag\"", "\"javascript:alert(1)\"", "\"https://user@app/cb\"", "42",
                "[\"https://a/cb\", 1]", "\"ftp://a/cb\"")) {
            assertThrows(Problem.class, () -> ClientFixtures.of("c", "{\"auth\":{\"authorization_code\":{\"redirect_uri\":" + bad + "}}}", true),
                    bad);
        }
        assertThrows(Problem.class, () -> ClientFixtures.of("c", "{\"scopes\":[\"has space\"]}", true));
        assertThrows(Problem.class, () -> ClientFixtures.of("c", "{\"first_party\":\"yes\"}", true));
    }

    @Test
    void defaultsFollowTheContract() {
        Client client = ClientFixtures.of("d", "{}", true);
        assertEquals(Set.of("openid", "profile", "email"), client.signIn().scopes());
        assertFalse(client.signIn().firstParty());
        assertTrue(client.pkceRequired());
        assertTrue(client.secretRequired("authorization_code"));
        Client noPkce = ClientFixtures.of("e", "{\"auth\":{\"authorization_code\":{\"pkce\":false}}}", true);
        assertFalse(noPkce.pkceRequired(), "a confidential client may turn PKCE off");
        Client publicClient = ClientFixtures.of("f", "{\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"auth\":{\"authorization_code\":{\"pkce\":false}}}", false);
        assertTrue(publicClient.pkceRequired(), "never for a client without a secret");
        assertFalse(publicClient.secretRequired("authorization_code"));
        assertFalse(publicClient.secretRequired("refresh_token"), "its refreshes need no secret either");
        assertTrue(publicClient.secretRequired("password"), "the password grant keeps auth.password.secret_required");
    }
}
