package gatehouse.signin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import gatehouse.signin.SignInFlows.Pkce;
import gatehouse.signin.SignInFlows.WebClient;
import gatehouse.signin.SignInFlows.WebClients;
import gatehouse.testing.GatehouseIT;
import gatehouse.testing.HtmlForms;
import gatehouse.testing.HtmlForms.Form;
import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.JwtParts;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static gatehouse.signin.SignInFlows.POST_LOGOUT_URI;
import static gatehouse.signin.SignInFlows.REDIRECT_URI;
import static gatehouse.signin.SignInFlows.queryOf;
import static gatehouse.signin.SignInFlows.random;
import static gatehouse.signin.SignInFlows.withoutQuery;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-in for web applications, black-box over HTTP: the authorization code grant with
 * PKCE and OpenID Connect (RFC 6749 §4.1, RFC 7636, RFC 9207, RFC 9700, OpenID Connect
 * Core 1.0, RP-initiated logout 1.0). Each simulated {@link Browser} keeps its own cookies
 * and never follows a redirect by itself; forms are read from the pages generically.
 * Every group of cases runs several variants, each asserted on its own.
 */
class SignInIT extends GatehouseIT {

    private static final String LOGIN_COOKIE = "gatehouse_login";
    private static final String SSO_COOKIE = "gatehouse_sso";
    private static final List<String> CREATED = Collections.synchronizedList(new ArrayList<>());
    private static String server;

    @BeforeEach
    void rememberTheServer() {
        server = base.toString();
    }

    @AfterAll
    static void removeWhatTheTestsStored() {
        if (server == null) {
            return;
        }
        Http root = new Http(server);
        List<String> paths = new ArrayList<>(CREATED);
        paths.sort((a, b) -> Boolean.compare(!a.startsWith("/Consent/"), !b.startsWith("/Consent/")));
        for (String path : paths) {
            int status = root.delete(path).root().send().status();
            assertTrue(status == 200 || status == 404, "DELETE " + path + " -> " + status);
        }
    }

    // ----------------------------------------------------------------------------------------
    // The pieces of a flow
    // ----------------------------------------------------------------------------------------

    /** An authorization request as a client sends it, with the secrets it keeps (state, nonce, PKCE verifier). */
    record AuthRequest(WebClient client, String redirectUri, String scope, String state, String nonce, Pkce pkce,
                       Map<String, String> extra) {

        static AuthRequest of(WebClient client, String scope) {
            return new AuthRequest(client, client.redirectUri(), scope, random(), random(), Pkce.create(), Map.of());
        }

        /** The same request with a parameter set (null: left out). */
        AuthRequest with(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(extra);
            more.put(name, value);
            return new AuthRequest(client, redirectUri, scope, state, nonce, pkce, more);
        }

        Map<String, String> parameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("response_type", "code");
            parameters.put("client_id", client.id());
            parameters.put("redirect_uri", redirectUri);
            parameters.put("scope", scope);
            parameters.put("state", state);
            parameters.put("nonce", nonce);
            parameters.put("code_challenge", pkce.challenge());
            parameters.put("code_challenge_method", "S256");
            parameters.putAll(extra);
            return parameters;
        }
    }

    private String issuer() {
        return http.get("/.well-known/openid-configuration").send().json().getString("issuer");
    }

    private Browser browser() {
        return new Browser(http);
    }

    private TestUser user(String... roles) {
        TestUser user = TestUsers.user().roles(roles).create(http);
        CREATED.add("/User/" + user.id());
        return user;
    }

    private WebClient create(WebClients clients) {
        return clients.create(http, CREATED);
    }

    private static Reply authorize(Browser browser, AuthRequest request) {
        return browser.get("/auth/authorize?" + SignInFlows.query(request.parameters()));
    }

    private static Reply authorizeByPost(Browser browser, AuthRequest request) {
        return browser.post("/auth/authorize", SignInFlows.pairs(request.parameters()));
    }

    private static Reply signIn(Browser browser, Reply loginPage, String username, String password) {
        return browser.submit(loginPage, Map.of("username", username, "password", password));
    }

    private static void assertLoginPage(Reply reply) {
        assertEquals(200, reply.status(), "the login page: " + reply);
        assertNull(reply.header("Location"));
        assertTrue(reply.header("Content-Type").startsWith("text/html"), reply.header("Content-Type"));
        Form form = HtmlForms.form(reply.body());
        assertEquals("post", form.method());
        assertTrue(withoutQuery(form.action()).endsWith("/auth/login"), "the form goes to /auth/login: " + form.action());
        for (String field : List.of("username", "password", "request", "csrf")) {
            assertTrue(form.has(field), "the login form has " + field + ": " + form.names());
        }
        assertEquals("password", form.named("password").get(0).type());
        assertFalse(form.value("csrf").isEmpty(), "a CSRF token");
        assertFalse(form.value("request").isEmpty(), "the authorization request");
    }

    private static void assertConsentPage(Reply reply, WebClient client) {
        assertEquals(200, reply.status(), "the consent page: " + reply);
        assertNull(reply.header("Location"));
        Form form = HtmlForms.form(reply.body());
        assertEquals("post", form.method());
        assertTrue(withoutQuery(form.action()).endsWith("/auth/consent"), "the form goes to /auth/consent: " + form.action());
        assertTrue(form.has("request") && form.has("csrf"), form.names().toString());
        Set<String> decisions = form.named("decision").stream().filter(HtmlForms.Field::isButton)
                .map(HtmlForms.Field::value).collect(Collectors.toSet());
        assertEquals(Set.of("allow", "deny"), decisions, "two buttons, allow and deny");
        assertTrue(HtmlForms.text(reply.body()).contains(client.id()), "the page names the client");
    }

    /** An error page of /auth/authorize: 400, HTML, and no redirect anywhere. */
    private static void assertErrorPage(Reply reply, String what) {
        assertEquals(400, reply.status(), what + ": " + reply);
        assertNull(reply.header("Location"), what + ": never redirected");
        assertTrue(reply.header("Content-Type") != null && reply.header("Content-Type").startsWith("text/html"),
                what + ": an HTML page, " + reply.header("Content-Type"));
        assertFalse(reply.body().contains("code="), what + ": no code on the page");
    }

    /** The 303 back to the client with a code; checks state and iss (RFC 9207); returns the code. */
    private String codeFrom(Reply reply, AuthRequest request) {
        assertEquals(303, reply.status(), "a redirect with the code: " + reply);
        String location = reply.header("Location");
        assertNotNull(location);
        assertEquals(request.redirectUri(), withoutQuery(location), "back to the redirect_uri");
        Map<String, String> parameters = queryOf(location);
        assertNull(parameters.get("error"), location);
        assertEquals(request.state(), parameters.get("state"), "state comes back");
        assertEquals(issuer(), parameters.get("iss"), "iss (RFC 9207)");
        String code = parameters.get("code");
        assertNotNull(code, location);
        assertTrue(code.length() >= 20, "an unguessable code: " + code);
        return code;
    }

    /** The 303 back to the client with an error; checks state, iss and error_description. */
    private void assertErrorRedirect(Reply reply, AuthRequest request, String error) {
        assertEquals(303, reply.status(), "a redirect with error " + error + ": " + reply);
        String location = reply.header("Location");
        assertNotNull(location);
        assertEquals(request.redirectUri(), withoutQuery(location), "back to the registered redirect_uri");
        Map<String, String> parameters = queryOf(location);
        assertEquals(error, parameters.get("error"), location);
        assertNull(parameters.get("code"), "no code with an error");
        assertEquals(request.state(), parameters.get("state"), "state comes back");
        assertEquals(issuer(), parameters.get("iss"), "iss (RFC 9207)");
        assertNotNull(parameters.get("error_description"), "error_description");
    }

    /** Authorize in a browser without a session, sign in there, and return the code. */
    private String signInForCode(Browser browser, AuthRequest request, TestUser user) {
        Reply login = authorize(browser, request);
        assertLoginPage(login);
        return codeFrom(signIn(browser, login, user.userName(), user.password()), request);
    }

    private Reply tokenRequest(WebClient client, String... form) {
        Http.Request request = http.post("/auth/token");
        List<String> pairs = new ArrayList<>(List.of(form));
        if (client.isPublic()) {
            pairs.add("client_id");
            pairs.add(client.id());
        } else {
            request.oauthBasic(client.id(), client.secret());
        }
        return request.form(pairs.toArray(String[]::new)).send();
    }

    private Reply exchange(WebClient client, String code, String redirectUri, String verifier) {
        List<String> form = new ArrayList<>(List.of("grant_type", "authorization_code", "code", code));
        if (redirectUri != null) {
            form.addAll(List.of("redirect_uri", redirectUri));
        }
        if (verifier != null) {
            form.addAll(List.of("code_verifier", verifier));
        }
        return tokenRequest(client, form.toArray(String[]::new));
    }

    private JsonObject exchange(AuthRequest request, String code) {
        Reply reply = exchange(request.client(), code, request.redirectUri(), request.pkce().verifier());
        assertEquals(200, reply.status(), "the code exchange: " + reply);
        assertEquals("no-store", reply.header("Cache-Control"));
        JsonObject tokens = reply.json();
        assertEquals("Bearer", tokens.getString("token_type"));
        assertFalse(tokens.getString("access_token").isEmpty());
        return tokens;
    }

    private static void assertOAuthError(Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(error, reply.json().getString("error"), reply.toString());
        assertEquals("no-store", reply.header("Cache-Control"));
    }

    private Reply userinfo(String accessToken) {
        return http.get("/auth/userinfo").bearer(accessToken).send();
    }

    private JsonObject introspectAsRoot(String token) {
        Reply reply = http.post("/auth/introspect").root().form("token", token).send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private JsonObject sessionAsRoot(String id) {
        Reply reply = http.get("/Session/" + id).root().send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private JsonObject idTokenClaims(String idToken, WebClient client) throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(http.get("/.well-known/jwks.json").send().body());
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime().setRequireIssuedAt().setRequireSubject()
                .setExpectedIssuer(issuer()).setExpectedAudience(client.id())
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .build();
        JwtClaims verified = consumer.processToClaims(idToken); // throws unless signed by a published key
        assertNotNull(verified.getSubject());
        return JwtParts.claims(idToken);
    }

    private static Set<String> words(String spaceSeparated) {
        return Set.of(spaceSeparated.trim().split("\\s+"));
    }

    /** A scope claim as a space-separated string or as a list. */
    private static Set<String> scopeOf(JsonValue scope) {
        if (scope instanceof JsonString text) {
            return words(text.getString());
        }
        return scope.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).collect(Collectors.toSet());
    }

    private static Set<String> audience(JsonObject claims) {
        JsonValue aud = claims.get("aud");
        return aud instanceof JsonString one ? Set.of(one.getString()) : strings(aud.asJsonArray());
    }

    private static Set<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).collect(Collectors.toSet());
    }

    private JsonArray consentsOf(TestUser user) {
        Reply reply = http.get("/Consent?user.id=" + user.id()).root().send();
        assertEquals(200, reply.status(), reply.toString());
        JsonArray entries = reply.json().getJsonArray("entry");
        if (entries != null) {
            entries.forEach(entry -> CREATED.add("/Consent/" + entry.asJsonObject().getJsonObject("resource").getString("id")));
        }
        return entries == null ? JsonValue.EMPTY_JSON_ARRAY : entries;
    }

    private int browserSessionsOf(TestUser user) {
        Reply reply = http.get("/Session?user.id=" + user.id() + "&type=browser").root().send();
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getInt("total");
    }

    private static Executable variant(String name, Executable body) {
        return () -> {
            try {
                body.execute();
            } catch (AssertionError | Exception e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
        };
    }

    // ----------------------------------------------------------------------------------------
    // 1. The happy path, SSO, prompt and max_age
    // ----------------------------------------------------------------------------------------

    @Test
    void confidentialFirstPartyClientSignsInWithCodeAndPkceThenVerifiableIdTokenAndTokens() {
        WebClient client = create(WebClients.firstParty().jwt().refreshTokens());
        record Case(String name, String scope, boolean sendNonce, boolean post, String loginWith) {
        }
        List<Case> cases = List.of(
                new Case("GET, openid profile email, nonce, userName", "openid profile email", true, false, "userName"),
                new Case("POST authorize, openid profile, nonce, email as login", "openid profile", true, true, "email"),
                new Case("GET, openid only, no nonce, id as login", "openid", false, false, "id"));
        assertAll(cases.stream().map(c -> variant(c.name(), () -> {
            TestUser user = user("nurse", "auditor");
            Browser browser = browser();
            AuthRequest request = AuthRequest.of(client, c.scope());
            if (!c.sendNonce()) {
                request = request.with("nonce", null);
            }
            Reply login = c.post() ? authorizeByPost(browser, request) : authorize(browser, request);
            assertLoginPage(login);
            assertNotNull(browser.cookie(LOGIN_COOKIE), "the login page binds the browser with " + LOGIN_COOKIE);
            assertNull(browser.cookie(SSO_COOKIE), "not signed in yet");
            String username = switch (c.loginWith()) {
                case "email" -> user.email();
                case "id" -> user.id();
                default -> user.userName();
            };
            long before = System.currentTimeMillis() / 1000;
            String code = codeFrom(signIn(browser, login, username, user.password()), request);
            Browser.Cookie sso = browser.setInLastReply(SSO_COOKIE);
            assertNotNull(sso, "a browser session cookie is set at sign-in");
            assertTrue(sso.hasAttribute("HttpOnly"), sso.raw());
            assertEquals("lax", String.valueOf(sso.attribute("SameSite")).toLowerCase(), sso.raw());
            assertEquals("/", sso.attribute("Path"), sso.raw());
            assertFalse(sso.hasAttribute("Secure"), "the issuer is http here: " + sso.raw());

            JsonObject tokens = exchange(request, code);
            for (String name : List.of("access_token", "refresh_token", "id_token", "scope")) {
                assertTrue(tokens.containsKey(name), name + " in " + tokens);
            }
            assertEquals(words(c.scope()), words(tokens.getString("scope")), "scope as asked");
            String accessToken = tokens.getString("access_token");

            JsonObject id = idTokenClaims(tokens.getString("id_token"), client);
            assertEquals(issuer(), id.getString("iss"));
            assertEquals(user.id(), id.getString("sub"));
            assertEquals(Set.of(client.id()), audience(id), "aud is the client");
            assertEquals(client.id(), id.getString("azp"));
            long iat = id.getJsonNumber("iat").longValue();
            long authTime = id.getJsonNumber("auth_time").longValue();
            assertTrue(id.getJsonNumber("exp").longValue() > iat, "exp after iat");
            assertTrue(authTime <= iat, "auth_time " + authTime + " not after iat " + iat);
            assertTrue(authTime >= before - 120, "auth_time is this sign-in: " + authTime + " vs " + before);
            if (c.sendNonce()) {
                assertEquals(request.nonce(), id.getString("nonce"));
            } else {
                assertFalse(id.containsKey("nonce"), "no nonce when none was sent");
            }
            String sid = id.getString("sid");
            String alg = JwtParts.header(tokens.getString("id_token")).getString("alg");
            assertEquals(SignInFlows.atHash(accessToken, alg), id.getString("at_hash"), "at_hash of the access token");
            if (words(c.scope()).contains("profile")) {
                assertEquals(user.userName(), id.getString("preferred_username"));
                assertEquals(Set.of("nurse", "auditor"), strings(id.getJsonArray("groups")));
                assertEquals("Test", id.getString("given_name"));
                assertEquals("User", id.getString("family_name"));
            } else {
                assertFalse(id.containsKey("preferred_username"), "profile claims only with scope profile");
            }
            if (words(c.scope()).contains("email")) {
                assertEquals(user.email(), id.getString("email"));
            } else {
                assertFalse(id.containsKey("email"), "email only with scope email");
            }
            assertEquals(words(c.scope()), scopeOf(JwtParts.claims(accessToken).get("scope")), "the access token carries scope");

            Reply info = userinfo(accessToken);
            assertEquals(200, info.status(), info.toString());
            assertEquals(user.id(), info.json().getString("sub"));
            assertFalse(info.body().contains(user.password()));

            JsonObject introspection = introspectAsRoot(accessToken);
            assertTrue(introspection.getBoolean("active"), introspection.toString());
            assertEquals(words(c.scope()), words(introspection.getString("scope")), "introspection has scope");

            String sessionId = JwtParts.claims(accessToken).getString("jti");
            JsonObject session = sessionAsRoot(sessionId);
            assertEquals("authorization_code", session.getString("type"));
            assertEquals(client.id(), session.getJsonObject("client").getString("id"));
            assertEquals(user.id(), session.getJsonObject("user").getString("id"));
            assertEquals("Session", session.getJsonObject("sso").getString("resourceType"));
            assertEquals(sid, session.getJsonObject("sso").getString("id"), "sso is the browser Session, the ID token's sid");
            JsonObject browserSession = sessionAsRoot(sid);
            assertEquals("browser", browserSession.getString("type"));
            assertEquals(user.id(), browserSession.getJsonObject("user").getString("id"));
            assertFalse(browserSession.containsKey("client"), "a browser Session has no client");
            assertFalse(browserSession.containsKey("closed"));

            Reply refreshed = tokenRequest(client, "grant_type", "refresh_token", "refresh_token", tokens.getString("refresh_token"));
            assertEquals(200, refreshed.status(), "the refresh token works: " + refreshed);
            assertNotEquals(accessToken, refreshed.json().getString("access_token"));

            // SSO: the same browser is not asked again, and gets the same browser Session.
            AuthRequest again = AuthRequest.of(client, c.scope());
            JsonObject second = exchange(again, codeFrom(authorize(browser, again), again));
            JsonObject secondId = idTokenClaims(second.getString("id_token"), client);
            assertEquals(sid, secondId.getString("sid"), "same browser Session");
            assertEquals(authTime, secondId.getJsonNumber("auth_time").longValue(), "no new authentication");
            assertEquals(again.nonce(), secondId.getString("nonce"));
        })));
    }

    @Test
    void promptAndMaxAgeDecideWhetherTheLoginPageShows() {
        WebClient client = create(WebClients.firstParty().jwt());
        TestUser user = user();
        Browser signedIn = browser();
        String firstCode = signInForCode(signedIn, AuthRequest.of(client, "openid"), user);
        assertNotNull(firstCode);
        String ssoBefore = signedIn.cookie(SSO_COOKIE);
        http.advanceClock(Duration.ofSeconds(5)); // "after a while", on the server's clock
        assertAll(
                variant("prompt=login in a signed-in browser shows the login page", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("prompt", "login");
                    Reply page = authorize(signedIn, request);
                    assertLoginPage(page);
                }),
                variant("prompt=login then signing in again gives a code with a new auth_time", () -> {
                    Browser browser = browser();
                    TestUser other = user();
                    AuthRequest first = AuthRequest.of(client, "openid");
                    long firstAuth = idTokenClaims(exchange(first, signInForCode(browser, first, other)).getString("id_token"), client)
                            .getJsonNumber("auth_time").longValue();
                    http.advanceClock(Duration.ofSeconds(3));
                    AuthRequest request = AuthRequest.of(client, "openid").with("prompt", "login");
                    Reply page = authorize(browser, request);
                    assertLoginPage(page);
                    String code = codeFrom(signIn(browser, page, other.userName(), other.password()), request);
                    long secondAuth = idTokenClaims(exchange(request, code).getString("id_token"), client)
                            .getJsonNumber("auth_time").longValue();
                    assertTrue(secondAuth > firstAuth, "a new authentication: " + firstAuth + " -> " + secondAuth);
                }),
                variant("prompt=none without a session: login_required", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("prompt", "none");
                    assertErrorRedirect(authorize(browser(), request), request, "login_required");
                }),
                variant("prompt=none with a session: a code", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("prompt", "none");
                    exchange(request, codeFrom(authorize(signedIn, request), request));
                }),
                variant("max_age=0 some seconds after the sign-in shows the login page", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("max_age", "0");
                    assertLoginPage(authorize(signedIn, request));
                }),
                variant("max_age=1 some seconds after the sign-in shows the login page", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("max_age", "1");
                    assertLoginPage(authorize(signedIn, request));
                }),
                variant("max_age=3600 keeps the session", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("max_age", "3600");
                    exchange(request, codeFrom(authorize(signedIn, request), request));
                }),
                variant("a planted sso cookie of nobody's gives no session", () -> {
                    Browser attacker = browser();
                    attacker.plant(SSO_COOKIE, ssoBefore + "x");
                    assertLoginPage(authorize(attacker, AuthRequest.of(client, "openid")));
                }));
    }

    @Test
    void authorizeErrorsGoBackToTheRegisteredRedirectUri() {
        WebClient client = create(WebClients.firstParty().scopes("openid", "profile"));
        assertAll(
                variant("response_type=token", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("response_type", "token");
                    assertErrorRedirect(authorize(browser(), request), request, "unsupported_response_type");
                }),
                variant("response_type missing", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("response_type", null);
                    Reply reply = authorize(browser(), request);
                    assertEquals(303, reply.status(), reply.toString());
                    String error = queryOf(reply.header("Location")).get("error");
                    assertTrue(Set.of("invalid_request", "unsupported_response_type").contains(error), reply.toString());
                }),
                variant("a scope the client may not ask (email)", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid email");
                    assertErrorRedirect(authorize(browser(), request), request, "invalid_scope");
                }),
                variant("an unknown scope", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid admin");
                    assertErrorRedirect(authorize(browser(), request), request, "invalid_scope");
                }),
                variant("a repeated state parameter: invalid_request, or an error page", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid");
                    Reply reply = browser().get("/auth/authorize?" + SignInFlows.query(request.parameters())
                            + "&state=" + random());
                    if (reply.status() == 303) {
                        assertEquals("invalid_request", queryOf(reply.header("Location")).get("error"), reply.toString());
                    } else {
                        assertErrorPage(reply, "a repeated parameter");
                    }
                }));
    }

    // ----------------------------------------------------------------------------------------
    // 2. Public clients and PKCE
    // ----------------------------------------------------------------------------------------

    @Test
    void publicClientExchangesItsCodeWithClientIdAndVerifierOnly() {
        assertAll(List.of(WebClients.firstParty().publicClient(), WebClients.firstParty().publicClient().jwt()).stream()
                .map(clients -> variant("public client", () -> {
                    WebClient client = create(clients);
                    TestUser user = user();
                    AuthRequest request = AuthRequest.of(client, "openid profile");
                    String code = signInForCode(browser(), request, user);
                    JsonObject tokens = exchange(request, code); // client_id in the body, no secret
                    assertTrue(tokens.containsKey("id_token"), tokens.toString());
                    assertEquals(user.id(), userinfo(tokens.getString("access_token")).json().getString("sub"));
                    assertEquals(Set.of(client.id()), audience(idTokenClaims(tokens.getString("id_token"), client)));
                })));
    }

    @Test
    void withoutS256PkceTheClientGetsInvalidRequest() {
        WebClient publicClient = create(WebClients.firstParty().publicClient());
        WebClient confidential = create(WebClients.firstParty()); // pkce defaults to true
        Map<String, java.util.function.Function<AuthRequest, AuthRequest>> cases = new LinkedHashMap<>();
        cases.put("no code_challenge", r -> r.with("code_challenge", null).with("code_challenge_method", null));
        cases.put("code_challenge_method=plain", r -> r.with("code_challenge", r.pkce().verifier()).with("code_challenge_method", "plain"));
        cases.put("code_challenge without a method (plain by default)", r -> r.with("code_challenge_method", null));
        cases.put("an unknown method", r -> r.with("code_challenge_method", "S512"));
        cases.put("a malformed challenge", r -> r.with("code_challenge", "short"));
        List<Executable> variants = new ArrayList<>();
        for (WebClient client : List.of(publicClient, confidential)) {
            cases.forEach((name, change) -> variants.add(variant((client.isPublic() ? "public: " : "confidential: ") + name, () -> {
                AuthRequest request = change.apply(AuthRequest.of(client, "openid"));
                assertErrorRedirect(authorize(browser(), request), request, "invalid_request");
            })));
        }
        assertAll(variants);
    }

    // ----------------------------------------------------------------------------------------
    // 3. Redirect URIs: exact match, never a redirect to anything else
    // ----------------------------------------------------------------------------------------

    @Test
    void aRedirectUriNotRegisteredExactlyGetsAnErrorPageAndNoRedirect() {
        WebClient client = create(WebClients.firstParty());
        TestUser user = user();
        Browser signedIn = browser();
        signInForCode(signedIn, AuthRequest.of(client, "openid"), user);
        List<String> wrong = new ArrayList<>(List.of(
                "https://app.example.com/cb/",
                "https://APP.example.com/cb",
                "https://app.EXAMPLE.com/cb",
                "https://app.example.com/CB",
                "https://app.example.com:8443/cb",
                "https://app.example.com:443/cb",
                "https://app.example.com/cb/x",
                "https://app.example.com/cbx",
                "https://app.example.com/cb/../cb",
                "https://app.example.com/cb?x=1",
                "https://evil@app.example.com/cb",
                "https://app.example.com@evil.example/cb",
                "https://app.example.com/cb#fragment",
                "https://app.example.com/cb#",
                "https://app.example.com/%63b",
                "https://app.example.com/c%62",
                "https://app.example.com%2Fcb",
                "http://app.example.com/cb",
                "HTTPS://app.example.com/cb",
                "https://app.example.com./cb",
                "https://evil.example/cb",
                "//app.example.com/cb",
                "/cb",
                " https://app.example.com/cb",
                "https://app.example.com/cb ",
                ""));
        List<Executable> variants = new ArrayList<>();
        for (String uri : wrong) {
            for (boolean withSession : List.of(false, true)) {
                variants.add(variant("redirect_uri [" + uri + "]" + (withSession ? " signed in" : ""), () -> {
                    AuthRequest request = AuthRequest.of(client, "openid").with("redirect_uri", uri);
                    assertErrorPage(authorize(withSession ? signedIn : browser(), request), uri);
                }));
            }
        }
        variants.add(variant("no redirect_uri", () -> {
            AuthRequest request = AuthRequest.of(client, "openid").with("redirect_uri", null);
            assertErrorPage(authorize(signedIn, request), "no redirect_uri");
        }));
        variants.add(variant("redirect_uri twice, the registered one and another", () -> {
            AuthRequest request = AuthRequest.of(client, "openid");
            Reply reply = signedIn.get("/auth/authorize?" + SignInFlows.query(request.parameters())
                    + "&redirect_uri=" + SignInFlows.encode("https://evil.example/cb"));
            assertErrorPage(reply, "two redirect_uris");
        }));
        variants.add(variant("unknown client_id", () -> {
            AuthRequest request = AuthRequest.of(new WebClient("nobody-" + random(), null, List.of(REDIRECT_URI)), "openid");
            assertErrorPage(authorize(signedIn, request), "unknown client");
        }));
        variants.add(variant("no client_id", () -> {
            AuthRequest request = AuthRequest.of(client, "openid").with("client_id", null);
            assertErrorPage(authorize(signedIn, request), "no client_id");
        }));
        variants.add(variant("a client without the authorization_code grant", () -> {
            WebClient passwordOnly = create(WebClients.firstParty().grantTypes("password"));
            AuthRequest request = AuthRequest.of(passwordOnly, "openid");
            assertErrorPage(authorize(signedIn, request), "no authorization_code grant");
        }));
        variants.add(variant("another client's registered redirect_uri", () -> {
            WebClient other = create(WebClients.firstParty().redirectUris("https://other.example.com/cb"));
            AuthRequest request = AuthRequest.of(client, "openid").with("redirect_uri", other.redirectUri());
            assertErrorPage(authorize(signedIn, request), "another client's redirect_uri");
        }));
        assertAll(variants);
        // and the registered one still works, so the refusals above were about the redirect_uri
        AuthRequest request = AuthRequest.of(client, "openid");
        exchange(request, codeFrom(authorize(signedIn, request), request));
    }

    @Test
    void aClientWithSeveralRedirectUrisGetsTheOneItAsked() {
        WebClient client = create(WebClients.firstParty().redirectUris(REDIRECT_URI, "https://app.example.com/cb2", "http://localhost:9999/callback"));
        Browser browser = browser();
        TestUser user = user();
        signInForCode(browser, AuthRequest.of(client, "openid"), user);
        assertAll(client.redirectUris().stream().map(uri -> variant(uri, () -> {
            AuthRequest request = AuthRequest.of(client, "openid").with("redirect_uri", uri);
            AuthRequest asked = new AuthRequest(client, uri, request.scope(), request.state(), request.nonce(), request.pkce(), request.extra());
            exchange(asked, codeFrom(authorize(browser, asked), asked));
        })));
    }

    // ----------------------------------------------------------------------------------------
    // 4. Codes: single use, bound to client, redirect_uri and verifier, 60 s
    // ----------------------------------------------------------------------------------------

    @Test
    void aReplayedCodeIsRefusedAndClosesTheSessionsItsFirstUseOpened() {
        assertAll(List.of(WebClients.firstParty().jwt().refreshTokens(), WebClients.firstParty().publicClient().refreshTokens()).stream()
                .map(clients -> variant("replay", () -> {
                    WebClient client = create(clients);
                    TestUser user = user();
                    Browser browser = browser();
                    AuthRequest request = AuthRequest.of(client, "openid profile");
                    String code = signInForCode(browser, request, user);
                    JsonObject first = exchange(request, code);
                    String accessToken = first.getString("access_token");
                    assertEquals(200, userinfo(accessToken).status(), "the first exchange's token works");
                    assertOAuthError(exchange(client, code, request.redirectUri(), request.pkce().verifier()), 400, "invalid_grant");
                    Reply after = userinfo(accessToken);
                    assertEquals(401, after.status(), "the first exchange's Session is closed: " + after);
                    assertOAuthError(tokenRequest(client, "grant_type", "refresh_token", "refresh_token", first.getString("refresh_token")),
                            400, "invalid_grant");
                    assertOAuthError(exchange(client, code, request.redirectUri(), request.pkce().verifier()), 400, "invalid_grant");
                })));
    }

    @Test
    void aCodeWorksOnlyForItsClientRedirectUriAndVerifier() {
        WebClient client = create(WebClients.firstParty().redirectUris(REDIRECT_URI, "https://app.example.com/cb2"));
        WebClient otherConfidential = create(WebClients.firstParty());
        WebClient otherPublic = create(WebClients.firstParty().publicClient());
        TestUser user = user();
        Browser browser = browser();
        signInForCode(browser, AuthRequest.of(client, "openid"), user);
        record Case(String name, java.util.function.BiFunction<AuthRequest, String, Reply> misuse) {
        }
        List<Case> cases = List.of(
                new Case("another confidential client", (r, code) -> exchange(otherConfidential, code, r.redirectUri(), r.pkce().verifier())),
                new Case("another public client", (r, code) -> exchange(otherPublic, code, r.redirectUri(), r.pkce().verifier())),
                new Case("the client's other redirect_uri", (r, code) -> exchange(client, code, "https://app.example.com/cb2", r.pkce().verifier())),
                new Case("an unregistered redirect_uri", (r, code) -> exchange(client, code, "https://evil.example/cb", r.pkce().verifier())),
                new Case("no code_verifier", (r, code) -> exchange(client, code, r.redirectUri(), null)),
                new Case("an empty code_verifier", (r, code) -> exchange(client, code, r.redirectUri(), "")),
                new Case("a wrong code_verifier", (r, code) -> exchange(client, code, r.redirectUri(), Pkce.create().verifier())),
                new Case("the challenge as verifier", (r, code) -> exchange(client, code, r.redirectUri(), r.pkce().challenge())),
                new Case("a made-up code", (r, code) -> exchange(client, "made-up-" + random(), r.redirectUri(), r.pkce().verifier())));
        assertAll(cases.stream().map(c -> variant(c.name(), () -> {
            AuthRequest request = AuthRequest.of(client, "openid");
            String code = codeFrom(authorize(browser, request), request);
            assertOAuthError(c.misuse().apply(request, code), 400, "invalid_grant");
        })));
        assertAll(
                variant("a wrong client secret", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid");
                    String code = codeFrom(authorize(browser, request), request);
                    Reply reply = http.post("/auth/token").oauthBasic(client.id(), client.secret() + "x").form("grant_type", "authorization_code",
                            "code", code, "redirect_uri", request.redirectUri(), "code_verifier", request.pkce().verifier()).send();
                    assertOAuthError(reply, 401, "invalid_client");
                }),
                variant("no client authentication for a confidential client", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid");
                    String code = codeFrom(authorize(browser, request), request);
                    Reply reply = http.post("/auth/token").form("grant_type", "authorization_code", "client_id", client.id(),
                            "code", code, "redirect_uri", request.redirectUri(), "code_verifier", request.pkce().verifier()).send();
                    assertOAuthError(reply, 401, "invalid_client");
                }),
                variant("no redirect_uri", () -> {
                    AuthRequest request = AuthRequest.of(client, "openid");
                    String code = codeFrom(authorize(browser, request), request);
                    Reply reply = exchange(client, code, null, request.pkce().verifier());
                    assertEquals(400, reply.status(), reply.toString());
                    assertTrue(Set.of("invalid_grant", "invalid_request").contains(reply.json().getString("error")), reply.toString());
                }));
    }

    @Test
    void aCodeExpiresAfterSixtySeconds() {
        WebClient client = create(WebClients.firstParty());
        TestUser user = user();
        Browser browser = browser();
        AuthRequest request = AuthRequest.of(client, "openid");
        String code = signInForCode(browser, request, user);
        AuthRequest fresh = AuthRequest.of(client, "openid");
        String youngCode = codeFrom(authorize(browser, fresh), fresh);
        http.advanceClock(Duration.ofSeconds(61));
        assertAll(
                variant("the first code, 61 s later", () -> assertOAuthError(
                        exchange(client, code, request.redirectUri(), request.pkce().verifier()), 400, "invalid_grant")),
                variant("the SSO code, 61 s later", () -> assertOAuthError(
                        exchange(client, youngCode, fresh.redirectUri(), fresh.pkce().verifier()), 400, "invalid_grant")),
                variant("a code issued after the move works", () -> {
                    AuthRequest now = AuthRequest.of(client, "openid");
                    exchange(now, codeFrom(authorize(browser, now), now));
                }));
    }

    @Test
    void aClientThatLosesTheGrantCannotExchangeItsCode() {
        WebClient client = create(WebClients.firstParty());
        TestUser user = user();
        Browser browser = browser();
        AuthRequest request = AuthRequest.of(client, "openid");
        String code = signInForCode(browser, request, user);
        AuthRequest another = AuthRequest.of(client, "openid");
        String anotherCode = codeFrom(authorize(browser, another), another);
        Reply changed = http.put("/Client/" + client.id()).root().json("{\"secret\":\"" + client.secret()
                + "\",\"first_party\":true,\"grant_types\":[\"password\"],\"auth\":{\"authorization_code\":{\"redirect_uri\":\""
                + REDIRECT_URI + "\"}}}").send();
        assertEquals(200, changed.status(), changed.toString());
        assertAll(
                variant("the code issued before", () -> assertOAuthError(
                        exchange(client, code, request.redirectUri(), request.pkce().verifier()), 400, "unauthorized_client")),
                variant("a second code issued before", () -> assertOAuthError(
                        exchange(client, anotherCode, another.redirectUri(), another.pkce().verifier()), 400, "unauthorized_client")),
                variant("authorize now", () -> assertErrorPage(authorize(browser, AuthRequest.of(client, "openid")), "no grant")));
        Reply aliased = http.put("/Client/" + client.id()).root().json("{\"secret\":\"" + client.secret()
                + "\",\"first_party\":true,\"grant_types\":[\"code\"],\"auth\":{\"authorization_code\":{\"redirect_uri\":\""
                + REDIRECT_URI + "\"}}}").send();
        assertEquals(200, aliased.status(), aliased.toString());
        AuthRequest viaAlias = AuthRequest.of(client, "openid");
        exchange(viaAlias, codeFrom(authorize(browser, viaAlias), viaAlias)); // "code" is the grant's alias
    }

    // ----------------------------------------------------------------------------------------
    // 5. The login form: CSRF, generic failures, the session cookie
    // ----------------------------------------------------------------------------------------

    @Test
    void aLoginFormWithoutThisBrowsersCsrfSignsNobodyIn() {
        WebClient client = create(WebClients.firstParty());
        record Case(String name, boolean otherBrowser, boolean otherBrowserHasItsOwnLoginCookie,
                    java.util.function.BiFunction<Reply, Reply, Map<String, String>> change) {
        }
        List<Case> cases = List.of(
                new Case("no csrf", false, false, (page, other) -> mapOf("csrf", null)),
                new Case("an empty csrf", false, false, (page, other) -> Map.of("csrf", "")),
                new Case("a tampered csrf", false, false, (page, other) -> Map.of("csrf", tamper(HtmlForms.form(page.body()).value("csrf")))),
                new Case("the csrf of another authorization request of this browser", false, false,
                        (page, other) -> Map.of("csrf", HtmlForms.form(other.body()).value("csrf"))),
                new Case("another request with this request's csrf", false, false,
                        (page, other) -> Map.of("request", HtmlForms.form(other.body()).value("request"))),
                new Case("no request", false, false, (page, other) -> mapOf("request", null)),
                new Case("the complete form from another browser without cookies", true, false, (page, other) -> Map.of()),
                new Case("the complete form from another browser with its own login cookie", true, true, (page, other) -> Map.of()));
        assertAll(cases.stream().map(c -> variant(c.name(), () -> {
            TestUser user = user();
            Browser victim = browser();
            AuthRequest request = AuthRequest.of(client, "openid");
            Reply page = authorize(victim, request);
            assertLoginPage(page);
            Reply otherPage = authorize(victim, AuthRequest.of(client, "openid"));
            assertLoginPage(otherPage);
            Browser poster = victim;
            if (c.otherBrowser()) {
                poster = browser();
                if (c.otherBrowserHasItsOwnLoginCookie()) {
                    assertLoginPage(authorize(poster, AuthRequest.of(client, "openid")));
                    assertNotNull(poster.cookie(LOGIN_COOKIE));
                }
            }
            Map<String, String> fields = new LinkedHashMap<>(Map.of("username", user.userName(), "password", user.password()));
            fields.putAll(c.change().apply(page, otherPage));
            Form form = HtmlForms.form(page.body());
            Reply reply = poster.submit(form, form.submission(fields));
            assertEquals(400, reply.status(), "refused: " + reply);
            assertNull(reply.header("Location"), "no code");
            assertNull(poster.setInLastReply(SSO_COOKIE), "no session cookie");
            assertNull(poster.cookie(SSO_COOKIE));
            assertEquals(0, browserSessionsOf(user), "nobody signed in");
            // the poster is not signed in: the next authorization request shows the login page
            assertLoginPage(authorize(poster, AuthRequest.of(client, "openid")));
            // and the victim's browser can still sign in on a fresh page, so only the forgery was refused
            AuthRequest fresh = AuthRequest.of(client, "openid");
            exchange(fresh, signInForCode(victim, fresh, user));
        })));
    }

    private static Map<String, String> mapOf(String name, String value) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(name, value);
        return map;
    }

    private static String tamper(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    @Test
    void wrongCredentialsShowOneGenericMessage() {
        WebClient client = create(WebClients.firstParty());
        TestUser user = user();
        TestUser inactive = TestUsers.user().inactive().create(http);
        CREATED.add("/User/" + inactive.id());
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("wrong password", new String[] {user.userName(), user.password() + "x"});
        cases.put("wrong password, email as login", new String[] {user.email(), "nope"});
        cases.put("unknown user", new String[] {"nobody-" + random(), user.password()});
        cases.put("inactive user, right password", new String[] {inactive.userName(), inactive.password()});
        Map<String, String> messages = Collections.synchronizedMap(new LinkedHashMap<>());
        assertAll(cases.entrySet().stream().map(entry -> variant(entry.getKey(), () -> {
            Browser browser = browser();
            AuthRequest request = AuthRequest.of(client, "openid");
            Reply page = authorize(browser, request);
            assertLoginPage(page);
            Reply reply = signIn(browser, page, entry.getValue()[0], entry.getValue()[1]);
            assertEquals(400, reply.status(), reply.toString());
            assertNull(reply.header("Location"));
            assertNull(browser.cookie(SSO_COOKIE), "not signed in");
            Form again = HtmlForms.form(reply.body());
            assertTrue(again.has("username") && again.has("password") && again.has("csrf"), "the login form again: " + again.names());
            assertTrue(again.value("password") == null || again.value("password").isEmpty(), "the password is not echoed");
            if (!entry.getValue()[1].isEmpty()) {
                assertFalse(reply.body().contains(entry.getValue()[1]), "the password is not on the page");
            }
            List<String> alerts = HtmlForms.alerts(reply.body());
            assertEquals(1, alerts.size(), "one role=alert: " + alerts);
            assertFalse(alerts.get(0).isBlank());
            messages.put(entry.getKey(), alerts.get(0));
        })));
        assertEquals(1, new HashSet<>(messages.values()).size(), "the same message for all: " + messages);
        assertEquals(0, browserSessionsOf(user), "nobody signed in");
        Browser empty = browser();
        Reply noPassword = signIn(empty, authorize(empty, AuthRequest.of(client, "openid")), user.userName(), "");
        assertEquals(400, noPassword.status(), "an empty password: " + noPassword);
        assertEquals(1, HtmlForms.alerts(noPassword.body()).size(), "with a message");
        assertNull(empty.cookie(SSO_COOKIE));
        // the form shown after a failure works
        Browser browser = browser();
        AuthRequest request = AuthRequest.of(client, "openid");
        Reply failed = signIn(browser, authorize(browser, request), user.userName(), "wrong");
        assertEquals(400, failed.status());
        exchange(request, codeFrom(signIn(browser, failed, user.userName(), user.password()), request));
    }

    @Test
    void theSessionCookieIsNewAtEverySignInAndDeadAfterLogout() {
        WebClient client = create(WebClients.firstParty());
        TestUser user = user();
        assertAll(
                variant("a planted cookie is replaced at sign-in (no fixation)", () -> {
                    Browser browser = browser();
                    String planted = "planted-" + random();
                    browser.plant(SSO_COOKIE, planted);
                    signInForCode(browser, AuthRequest.of(client, "openid"), user);
                    assertNotNull(browser.cookie(SSO_COOKIE));
                    assertNotEquals(planted, browser.cookie(SSO_COOKIE));
                }),
                variant("a cookie from a signed-out session is replaced at sign-in", () -> {
                    Browser browser = browser();
                    signInForCode(browser, AuthRequest.of(client, "openid"), user);
                    String old = browser.cookie(SSO_COOKIE);
                    assertEquals(200, browser.get("/auth/logout").status());
                    browser.plant(SSO_COOKIE, old);
                    signInForCode(browser, AuthRequest.of(client, "openid"), user);
                    assertNotEquals(old, browser.cookie(SSO_COOKIE));
                }),
                variant("signing in again (prompt=login) gives a new value", () -> {
                    Browser browser = browser();
                    signInForCode(browser, AuthRequest.of(client, "openid"), user);
                    String first = browser.cookie(SSO_COOKIE);
                    AuthRequest request = AuthRequest.of(client, "openid").with("prompt", "login");
                    Reply page = authorize(browser, request);
                    assertLoginPage(page);
                    codeFrom(signIn(browser, page, user.userName(), user.password()), request);
                    assertNotNull(browser.cookie(SSO_COOKIE));
                    assertNotEquals(first, browser.cookie(SSO_COOKIE));
                }),
                variant("two browsers of one user get different values", () -> {
                    Browser one = browser();
                    Browser two = browser();
                    signInForCode(one, AuthRequest.of(client, "openid"), user);
                    signInForCode(two, AuthRequest.of(client, "openid"), user);
                    assertNotEquals(one.cookie(SSO_COOKIE), two.cookie(SSO_COOKIE));
                }),
                variant("after logout the old cookie gives no SSO", () -> {
                    Browser browser = browser();
                    signInForCode(browser, AuthRequest.of(client, "openid"), user);
                    String old = browser.cookie(SSO_COOKIE);
                    Reply logout = browser.get("/auth/logout");
                    assertEquals(200, logout.status(), logout.toString());
                    assertNull(browser.cookie(SSO_COOKIE), "the cookie is cleared");
                    assertLoginPage(authorize(browser, AuthRequest.of(client, "openid")));
                    Browser copy = browser();
                    copy.plant(SSO_COOKIE, old);
                    assertLoginPage(authorize(copy, AuthRequest.of(client, "openid")));
                    AuthRequest none = AuthRequest.of(client, "openid").with("prompt", "none");
                    assertErrorRedirect(authorize(copy, none), none, "login_required");
                }));
    }

    // ----------------------------------------------------------------------------------------
    // 6. The pages themselves
    // ----------------------------------------------------------------------------------------

    @Test
    void everyPageForbidsFramingScriptsAndCaching() {
        WebClient client = create(WebClients.firstParty());
        WebClient thirdParty = create(WebClients.thirdParty());
        TestUser user = user();
        Map<String, java.util.function.Supplier<Reply>> pages = new LinkedHashMap<>();
        pages.put("login page", () -> authorize(browser(), AuthRequest.of(client, "openid")));
        pages.put("login page with a login_hint", () -> {
            Reply page = authorize(browser(), AuthRequest.of(client, "openid").with("login_hint", user.userName()));
            assertEquals(user.userName(), HtmlForms.form(page.body()).value("username"), "login_hint fills in the username");
            return page;
        });
        pages.put("login page after wrong credentials", () -> {
            Browser browser = browser();
            return signIn(browser, authorize(browser, AuthRequest.of(client, "openid")), user.userName(), "wrong");
        });
        pages.put("error page (unregistered redirect_uri)",
                () -> authorize(browser(), AuthRequest.of(client, "openid").with("redirect_uri", "https://evil.example/cb")));
        pages.put("error page (CSRF)", () -> {
            Browser browser = browser();
            return browser.submit(authorize(browser, AuthRequest.of(client, "openid")), mapOf("csrf", null));
        });
        pages.put("consent page", () -> {
            Browser browser = browser();
            return signIn(browser, authorize(browser, AuthRequest.of(thirdParty, "openid")), user.userName(), user.password());
        });
        pages.put("signed-out page", () -> browser().get("/auth/logout"));
        assertAll(pages.entrySet().stream().map(entry -> variant(entry.getKey(), () -> {
            Reply page = entry.getValue().get();
            assertTrue(page.header("Content-Type").startsWith("text/html"), page.toString());
            String csp = page.header("Content-Security-Policy");
            assertNotNull(csp, "a CSP: " + page.headers().map());
            Map<String, String> directives = new LinkedHashMap<>();
            for (String directive : csp.split(";")) {
                String[] parts = directive.trim().split("\\s+", 2);
                if (!parts[0].isEmpty()) {
                    directives.put(parts[0].toLowerCase(), parts.length > 1 ? parts[1].trim() : "");
                }
            }
            assertEquals("'none'", directives.get("default-src"), csp);
            assertEquals("'none'", directives.get("frame-ancestors"), csp);
            String scripts = directives.getOrDefault("script-src", directives.get("default-src"));
            assertEquals("'none'", scripts, "no script allowed: " + csp);
            assertFalse(directives.containsKey("script-src-elem") && !directives.get("script-src-elem").equals("'none'"), csp);
            assertFalse(page.body().toLowerCase().contains("<script"), "no script on the page");
            assertEquals("DENY", page.header("X-Frame-Options"));
            assertTrue(String.valueOf(page.header("Cache-Control")).contains("no-store"), "Cache-Control: " + page.header("Cache-Control"));
            assertEquals(List.of(), HtmlForms.unlabelledFields(page.body()), "every field has a label");
            List<Form> forms = HtmlForms.forms(page.body());
            // the first field left to fill in has the focus (the password, when the username is filled in)
            forms.stream().flatMap(form -> form.fields().stream()).filter(HtmlForms.Field::isVisibleInput)
                    .filter(field -> field.value().isEmpty()).findFirst()
                    .ifPresent(first -> assertTrue(first.has("autofocus"), "autofocus on the first empty field: " + first));
        })));
    }

    // ----------------------------------------------------------------------------------------
    // 7. Consent for clients that are not first_party
    // ----------------------------------------------------------------------------------------

    @Test
    void aThirdPartyClientAsksForConsentOnceUntilItIsWithdrawn() {
        assertAll(List.of(WebClients.thirdParty().jwt(), WebClients.thirdParty().publicClient()).stream()
                .map(clients -> variant("consent", () -> {
                    WebClient client = create(clients);
                    TestUser user = user();
                    Browser browser = browser();

                    AuthRequest refused = AuthRequest.of(client, "openid profile");
                    Reply consent = signIn(browser, authorize(browser, refused), user.userName(), user.password());
                    assertConsentPage(consent, client);
                    assertNotNull(browser.cookie(SSO_COOKIE), "signed in, though no consent yet");
                    assertErrorRedirect(browser.click(consent, "decision", "deny"), refused, "access_denied");
                    assertEquals(0, consentsOf(user).size(), "no consent stored after deny");

                    AuthRequest none = AuthRequest.of(client, "openid profile").with("prompt", "none");
                    assertErrorRedirect(authorize(browser, none), none, "consent_required");

                    AuthRequest request = AuthRequest.of(client, "openid profile");
                    Reply page = authorize(browser, request);
                    assertConsentPage(page, client);
                    Reply otherBrowser = browser().click(page, "decision", "allow");
                    assertEquals(400, otherBrowser.status(), "a consent form posted from another browser: " + otherBrowser);
                    assertNull(otherBrowser.header("Location"));
                    Reply tampered = browser.submit(HtmlForms.form(page.body()),
                            HtmlForms.form(page.body()).submission(Map.of("csrf", tamper(HtmlForms.form(page.body()).value("csrf"))), "decision", "allow"));
                    assertEquals(400, tampered.status(), "a tampered csrf: " + tampered);
                    assertEquals(0, consentsOf(user).size(), "no consent stored by forged forms");

                    String code = codeFrom(browser.click(page, "decision", "allow"), request);
                    JsonObject tokens = exchange(request, code);
                    assertEquals(user.id(), userinfo(tokens.getString("access_token")).json().getString("sub"));
                    JsonArray consents = consentsOf(user);
                    assertEquals(1, consents.size(), consents.toString());
                    JsonObject stored = consents.getJsonObject(0).getJsonObject("resource");
                    assertEquals("Consent", stored.getString("resourceType"));
                    assertEquals(user.id(), stored.getJsonObject("user").getString("id"));
                    assertEquals("User", stored.getJsonObject("user").getString("resourceType"));
                    assertEquals(client.id(), stored.getJsonObject("client").getString("id"));
                    assertTrue(strings(stored.getJsonArray("scope")).containsAll(Set.of("openid", "profile")), stored.toString());

                    AuthRequest second = AuthRequest.of(client, "openid profile");
                    exchange(second, codeFrom(authorize(browser, second), second)); // no consent page again
                    AuthRequest fewer = AuthRequest.of(client, "openid");
                    exchange(fewer, codeFrom(authorize(browser, fewer), fewer)); // fewer scopes: covered
                    AuthRequest silent = AuthRequest.of(client, "openid profile").with("prompt", "none");
                    exchange(silent, codeFrom(authorize(browser, silent), silent));
                    Reply more = authorize(browser, AuthRequest.of(client, "openid profile email"));
                    assertConsentPage(more, client); // more scopes: asked
                    assertNotEquals(HtmlForms.text(consent.body()), HtmlForms.text(more.body()), "the page names the scopes asked");

                    String consentId = stored.getString("id");
                    assertEquals(405, http.post("/Consent").root().json("{\"user\":{\"resourceType\":\"User\",\"id\":\"" + user.id()
                            + "\"},\"client\":{\"resourceType\":\"Client\",\"id\":\"" + client.id() + "\"},\"scope\":[\"openid\"]}").send().status());
                    assertEquals(405, http.put("/Consent/" + consentId).root().json(stored.toString()).send().status());
                    assertEquals(200, http.get("/Consent/" + consentId).root().send().status());
                    assertEquals(200, http.delete("/Consent/" + consentId).root().send().status(), "withdrawn");
                    assertEquals(0, consentsOf(user).size());
                    assertConsentPage(authorize(browser, AuthRequest.of(client, "openid profile")), client);
                })));
    }

    @Test
    void aFirstPartyClientNeverShowsTheConsentPage() {
        WebClient client = create(WebClients.firstParty());
        TestUser user = user();
        assertAll(List.of("openid", "openid profile", "openid profile email").stream().map(scope -> variant(scope, () -> {
            AuthRequest request = AuthRequest.of(client, scope);
            exchange(request, signInForCode(browser(), request, user));
        })));
        assertEquals(0, consentsOf(user).size(), "first-party clients store no consent");
    }

    // ----------------------------------------------------------------------------------------
    // 8. Logout (RP-initiated logout 1.0)
    // ----------------------------------------------------------------------------------------

    @Test
    void logoutRedirectsOnlyToARegisteredUriAndEndsFirstPartySessions() {
        WebClient client = create(WebClients.firstParty().jwt().postLogoutRedirectUri(POST_LOGOUT_URI));
        WebClient thirdParty = create(WebClients.thirdParty().jwt());
        record Case(String name, boolean redirects, boolean post, java.util.function.BiFunction<String, String, Map<String, String>> parameters) {
        }
        List<Case> cases = List.of(
                new Case("registered uri with client_id (GET)", true, false, (idToken, state) -> Map.of(
                        "client_id", client.id(), "post_logout_redirect_uri", POST_LOGOUT_URI, "state", state)),
                new Case("registered uri with client_id (POST)", true, true, (idToken, state) -> Map.of(
                        "client_id", client.id(), "post_logout_redirect_uri", POST_LOGOUT_URI, "state", state)),
                new Case("registered uri with id_token_hint", true, false, (idToken, state) -> Map.of(
                        "id_token_hint", idToken, "post_logout_redirect_uri", POST_LOGOUT_URI, "state", state)),
                new Case("unregistered uri", false, false, (idToken, state) -> Map.of(
                        "client_id", client.id(), "post_logout_redirect_uri", "https://evil.example/", "state", state)),
                new Case("registered uri with a suffix", false, false, (idToken, state) -> Map.of(
                        "client_id", client.id(), "post_logout_redirect_uri", POST_LOGOUT_URI + "/x", "state", state)),
                new Case("the redirect_uri, not a post-logout one", false, false, (idToken, state) -> Map.of(
                        "client_id", client.id(), "post_logout_redirect_uri", REDIRECT_URI, "state", state)),
                new Case("registered uri but no client named", false, false, (idToken, state) -> Map.of(
                        "post_logout_redirect_uri", POST_LOGOUT_URI, "state", state)),
                new Case("registered uri of another client", false, false, (idToken, state) -> Map.of(
                        "client_id", thirdParty.id(), "post_logout_redirect_uri", POST_LOGOUT_URI, "state", state)),
                new Case("no parameters", false, false, (idToken, state) -> Map.of()));
        assertAll(cases.stream().map(c -> variant(c.name(), () -> {
            TestUser user = user();
            Browser browser = browser();
            AuthRequest request = AuthRequest.of(client, "openid");
            JsonObject tokens = exchange(request, signInForCode(browser, request, user));
            String accessToken = tokens.getString("access_token");
            String sid = JwtParts.claims(tokens.getString("id_token")).getString("sid");
            AuthRequest third = AuthRequest.of(thirdParty, "openid");
            String thirdToken = exchange(third, codeFrom(browser.click(authorize(browser, third), "decision", "allow"), third))
                    .getString("access_token");
            consentsOf(user);
            String state = random();
            Map<String, String> parameters = c.parameters().apply(tokens.getString("id_token"), state);
            Reply reply = c.post() ? browser.post("/auth/logout", SignInFlows.pairs(parameters))
                    : browser.get("/auth/logout" + (parameters.isEmpty() ? "" : "?" + SignInFlows.query(parameters)));
            if (c.redirects()) {
                assertEquals(303, reply.status(), reply.toString());
                String location = reply.header("Location");
                assertEquals(POST_LOGOUT_URI, withoutQuery(location));
                assertEquals(state, queryOf(location).get("state"));
            } else {
                assertEquals(200, reply.status(), "the signed-out page: " + reply);
                assertNull(reply.header("Location"), "never a redirect");
                assertTrue(reply.header("Content-Type").startsWith("text/html"));
                assertFalse(reply.body().contains("evil.example"), "no link to an unregistered uri");
            }
            assertNull(browser.cookie(SSO_COOKIE), "the cookie is cleared");
            Reply after = userinfo(accessToken);
            assertEquals(401, after.status(), "the first-party token's Session is closed: " + after);
            assertTrue(sessionAsRoot(sid).containsKey("closed"), "the browser Session is closed");
            assertEquals(200, userinfo(thirdToken).status(), "a token of a client that is not first_party lives on");
            assertLoginPage(authorize(browser, AuthRequest.of(client, "openid")));
        })));
    }

    @Test
    void logoutWithAnIdTokenHintClosesThatBrowserSessionEvenWithoutTheCookie() {
        WebClient client = create(WebClients.firstParty().jwt().postLogoutRedirectUri(POST_LOGOUT_URI));
        TestUser user = user();
        Browser browser = browser();
        AuthRequest request = AuthRequest.of(client, "openid");
        JsonObject tokens = exchange(request, signInForCode(browser, request, user));
        Reply reply = browser().get("/auth/logout?" + SignInFlows.query(Map.of("id_token_hint", tokens.getString("id_token"),
                "post_logout_redirect_uri", POST_LOGOUT_URI)));
        assertEquals(303, reply.status(), reply.toString());
        assertEquals(POST_LOGOUT_URI, withoutQuery(reply.header("Location")));
        assertEquals(401, userinfo(tokens.getString("access_token")).status());
        assertLoginPage(authorize(browser, AuthRequest.of(client, "openid")));
    }

    // ----------------------------------------------------------------------------------------
    // Audit trail and metrics
    // ----------------------------------------------------------------------------------------

    /** The sign-in series of the token-request metric, by outcome. */
    private Map<String, Double> signInCounts() {
        Map<String, Double> counts = new LinkedHashMap<>();
        String prefix = "gatehouse_token_requests_seconds_count{grant_type=\"sign-in\",outcome=\"";
        http.get("/metrics").root().send().body().lines().filter(line -> line.startsWith(prefix)).forEach(line -> {
            String outcome = line.substring(prefix.length(), line.indexOf('"', prefix.length()));
            counts.merge(outcome, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
        });
        return counts;
    }

    /** Audit events reach the database in batches: polls the search for up to 10 s until it holds these types. */
    private List<JsonObject> auditUntil(String search, Set<String> types) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Reply reply = http.get("/AuditEvent?" + search + "&_count=1000&_sort=recorded").root().send();
            assertEquals(200, reply.status(), reply.toString());
            JsonArray entries = reply.json().getJsonArray("entry");
            List<JsonObject> events = entries == null ? List.of() : entries.getValuesAs(JsonObject.class).stream()
                    .map(entry -> entry.getJsonObject("resource")).toList();
            Set<String> seen = events.stream().map(event -> event.getString("type")).collect(Collectors.toSet());
            if (seen.containsAll(types) || System.nanoTime() > deadline) {
                assertTrue(seen.containsAll(types), "audit events " + types + " for " + search + ": " + events);
                return events;
            }
            Thread.sleep(200);
        }
    }

    @Test
    void signInsConsentsAndLogoutsAreAuditedAndCounted() throws Exception {
        WebClient client = create(WebClients.firstParty().jwt());
        WebClient thirdParty = create(WebClients.thirdParty());
        TestUser user = user();
        Map<String, Double> before = signInCounts();
        Browser browser = browser();
        AuthRequest request = AuthRequest.of(client, "openid");
        Reply failed = signIn(browser, authorize(browser, request), user.userName(), "wrong-" + random());
        assertEquals(400, failed.status());
        String code = codeFrom(signIn(browser, failed, user.userName(), user.password()), request);
        String sso = browser.cookie(SSO_COOKIE);
        JsonObject tokens = exchange(request, code);
        AuthRequest denied = AuthRequest.of(thirdParty, "openid");
        assertErrorRedirect(browser.click(authorize(browser, denied), "decision", "deny"), denied, "access_denied");
        AuthRequest allowed = AuthRequest.of(thirdParty, "openid");
        codeFrom(browser.click(authorize(browser, allowed), "decision", "allow"), allowed);
        consentsOf(user);
        assertEquals(200, browser.get("/auth/logout").status());

        List<JsonObject> ofClient = auditUntil("client.id=" + client.id(), Set.of("login", "login-failed"));
        List<JsonObject> ofUser = auditUntil("user.id=" + user.id(), Set.of("login", "consent-given", "consent-refused", "logout"));
        String all = ofClient.toString() + ofUser;
        for (String secret : List.of(user.password(), sso, code, tokens.getString("access_token"), tokens.getString("id_token"))) {
            assertFalse(all.contains(secret), "an audit event holds a secret");
        }
        assertAll(
                variant("login: the client, success, detail browser", () -> {
                    JsonObject login = ofClient.stream().filter(event -> event.getString("type").equals("login")).findFirst().orElseThrow();
                    assertEquals(user.id(), login.getJsonObject("user").getString("id"), login.toString());
                    assertEquals("success", login.getString("outcome"), login.toString());
                    assertEquals("browser", login.getString("detail", null), "detail browser: " + login);
                }),
                variant("login-failed: the client", () -> {
                    JsonObject loginFailed = ofClient.stream().filter(event -> event.getString("type").equals("login-failed")).findFirst().orElseThrow();
                    assertNotEquals("success", loginFailed.getString("outcome", null), loginFailed.toString());
                }),
                variant("consent-given and consent-refused name the client", () -> {
                    for (String type : List.of("consent-given", "consent-refused")) {
                        JsonObject event = ofUser.stream().filter(e -> e.getString("type").equals(type)).findFirst().orElseThrow();
                        assertEquals(thirdParty.id(), event.getJsonObject("client").getString("id"), event.toString());
                    }
                }),
                variant("the metric counts sign-ins and failures as grant_type sign-in", () -> {
                    Map<String, Double> after = signInCounts();
                    assertTrue(after.getOrDefault("success", 0.0) >= before.getOrDefault("success", 0.0) + 1, before + " -> " + after);
                    double failuresBefore = before.entrySet().stream().filter(e -> !e.getKey().equals("success")).mapToDouble(Map.Entry::getValue).sum();
                    double failuresAfter = after.entrySet().stream().filter(e -> !e.getKey().equals("success")).mapToDouble(Map.Entry::getValue).sum();
                    assertTrue(failuresAfter >= failuresBefore + 1, before + " -> " + after);
                }));
    }

    // ----------------------------------------------------------------------------------------
    // 9. Discovery
    // ----------------------------------------------------------------------------------------

    @Test
    void discoveryDescribesTheSignIn() {
        JsonObject discovery = http.get("/.well-known/openid-configuration").send().json();
        String issuer = discovery.getString("issuer");
        assertAll(
                variant("authorization_endpoint", () -> assertEquals(issuer + "/auth/authorize", discovery.getString("authorization_endpoint"))),
                variant("end_session_endpoint", () -> assertEquals(issuer + "/auth/logout", discovery.getString("end_session_endpoint"))),
                variant("token_endpoint", () -> assertEquals(issuer + "/auth/token", discovery.getString("token_endpoint"))),
                variant("userinfo_endpoint", () -> assertEquals(issuer + "/auth/userinfo", discovery.getString("userinfo_endpoint"))),
                variant("jwks_uri", () -> assertEquals(issuer + "/.well-known/jwks.json", discovery.getString("jwks_uri"))),
                variant("response_types_supported", () -> assertEquals(Set.of("code"), strings(discovery.getJsonArray("response_types_supported")))),
                variant("response_modes_supported", () -> assertTrue(strings(discovery.getJsonArray("response_modes_supported")).contains("query"))),
                variant("code_challenge_methods_supported", () -> assertEquals(Set.of("S256"),
                        strings(discovery.getJsonArray("code_challenge_methods_supported")))),
                variant("scopes_supported", () -> assertTrue(strings(discovery.getJsonArray("scopes_supported"))
                        .containsAll(Set.of("openid", "profile", "email")))),
                variant("claims_supported", () -> assertTrue(strings(discovery.getJsonArray("claims_supported"))
                        .containsAll(Set.of("sub", "preferred_username", "name", "groups", "email")),
                        discovery.get("claims_supported").toString())),
                variant("authorization_response_iss_parameter_supported", () ->
                        assertTrue(discovery.getBoolean("authorization_response_iss_parameter_supported"))),
                variant("id_token_signing_alg_values_supported", () -> assertTrue(
                        strings(discovery.getJsonArray("id_token_signing_alg_values_supported")).contains("RS256"))),
                variant("grant_types_supported", () -> assertTrue(strings(discovery.getJsonArray("grant_types_supported"))
                        .contains("authorization_code"))));
    }
}
