package gatehouse.signin;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sign-in pages in a real headless Chromium (Debian's, as the console's test): typing and
 * keyboard-only sign-in, the one message for wrong credentials and for a locked user, consent
 * given, withdrawn and refused, {@code prompt=none} with and without a browser session, and
 * logout with and without a registered return address. The client's redirect URI is a page of
 * the server itself, so the browser lands somewhere real and the test reads the code from its address.
 */
@DisabledIfSystemProperty(named = "it.db.class", matches = ".+", disabledReason = "runs on the H2 profiles only")
class SignInPagesIT extends GatehouseIT {

    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636 Appendix B
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    static ChromeDriver browser;
    static Path profile;

    String suffix;
    String landing;

    @BeforeEach
    void freshBrowser() throws IOException {
        if (browser == null) {
            assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                    "Needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
            profile = Files.createTempDirectory("signin-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                    "--disable-background-networking", "--user-data-dir=" + profile, "--window-size=1000,800");
            browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build(), options);
        }
        browser.manage().deleteAllCookies();
        suffix = UUID.randomUUID().toString().substring(0, 8);
        landing = http.base() + "/.well-known/openid-configuration";
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void keyboardOnlySignInLandsAtTheClientWithACodeThatGivesTokens() {
        String client = client(true);
        TestUser user = TestUsers.user().create(http);
        browser.get(authorize(client, ""));
        WebElement focused = browser.switchTo().activeElement();
        assertEquals("username", focused.getAttribute("name"), "the first field has the focus");
        assertEquals("Username or email", browser.findElement(By.cssSelector("label[for=username]")).getText());
        focused.sendKeys(user.userName(), Keys.TAB);
        browser.switchTo().activeElement().sendKeys(user.password(), Keys.ENTER);
        Map<String, String> answer = landed();
        assertEquals("st-" + suffix, answer.get("state"));
        assertNotNull(answer.get("iss"));
        var tokens = http.post("/auth/token").oauthBasic(client, "secret-" + suffix)
                .form("grant_type", "authorization_code", "code", answer.get("code"), "redirect_uri", landing, "code_verifier", VERIFIER)
                .send();
        assertEquals(200, tokens.status(), tokens.body());
        assertTrue(tokens.json().containsKey("id_token"));
    }

    @Test
    void wrongPasswordsUnknownUsersAndALockedUserSeeOneMessage() {
        String client = client(true);
        TestUser user = TestUsers.user().create(http);
        browser.get(authorize(client, ""));
        String wrongPassword = signInFails(user.userName(), "not-" + user.password());
        String unknownUser = signInFails("nobody-" + suffix, user.password());
        assertEquals(wrongPassword, unknownUser);
        for (int i = 0; i < 5; i++) {
            signInFails(user.userName(), "wrong-" + i);
        }
        assertEquals(wrongPassword, signInFails(user.userName(), user.password()), "locked now: the right password, the same message");
        assertEquals(user.userName(), browser.findElement(By.id("username")).getAttribute("value"), "what was typed is kept");
    }

    @Test
    void consentIsAskedOnceGivenThenWithdrawnAndRefused() {
        String client = client(false);
        TestUser user = TestUsers.user().create(http);
        browser.get(authorize(client, ""));
        signIn(user);
        WebElement allow = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.cssSelector("button[value=allow]")));
        assertEquals("Allow access?", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.tagName("form")).getText().contains(client), "the consent page names the client");
        allow.click();
        assertNotNull(landed().get("code"));
        var consents = http.get("/Consent?user.id=" + user.id()).root().send().json();
        assertEquals(1, consents.getInt("total"));
        String consentId = consents.getJsonArray("entry").getJsonObject(0).getJsonObject("resource").getString("id");

        browser.get(authorize(client, ""));
        assertNotNull(landed().get("code"), "asked once: the second sign-in goes straight back");

        assertEquals(200, http.delete("/Consent/" + consentId).root().send().status());
        browser.get(authorize(client, ""));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.cssSelector("button[value=deny]"))).click();
        assertEquals("access_denied", landed().get("error"));
        assertEquals(0, http.get("/Consent?user.id=" + user.id()).root().send().json().getInt("total"));
    }

    @Test
    void promptNoneAnswersWithoutAPageEitherWay() {
        String client = client(true);
        TestUser user = TestUsers.user().create(http);
        browser.get(authorize(client, "&prompt=none"));
        assertEquals("login_required", landed().get("error"), "no browser session");
        browser.get(authorize(client, ""));
        signIn(user);
        assertNotNull(landed().get("code"));
        browser.get(authorize(client, "&prompt=none"));
        assertNotNull(landed().get("code"), "signed in: a code at once");
    }

    @Test
    void logoutReturnsOnlyToARegisteredAddressAndEndsTheBrowserSession() {
        String client = client(true);
        TestUser user = TestUsers.user().create(http);
        browser.get(authorize(client, ""));
        signIn(user);
        landed();
        browser.get(http.base() + "/auth/logout?client_id=" + client + "&post_logout_redirect_uri=" + encode(landing + "?bye")
                + "&state=out-" + suffix);
        assertTrue(browser.getCurrentUrl().startsWith(landing + "?bye&state=out-" + suffix), browser.getCurrentUrl());
        browser.get(authorize(client, "&prompt=none"));
        assertEquals("login_required", landed().get("error"), "signed out");

        browser.get(authorize(client, ""));
        signIn(user);
        landed();
        browser.get(http.base() + "/auth/logout?client_id=" + client + "&post_logout_redirect_uri=" + encode("https://evil.example.com/"));
        assertTrue(browser.getCurrentUrl().startsWith(http.base() + "/auth/logout"), "an unregistered address is not followed");
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("signed out"));
        browser.get(authorize(client, "&prompt=none"));
        assertEquals("login_required", landed().get("error"));
    }

    private void signIn(TestUser user) {
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(user.userName());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Submits wrong credentials and returns the message announced. */
    private String signInFails(String username, String password) {
        WebElement form = browser.findElement(By.tagName("form"));
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        // The answer is a new page: wait until this one is gone, or its alert would be read.
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(form));
        WebElement alert = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.cssSelector("[role=alert]")));
        assertFalse(browser.getCurrentUrl().startsWith(landing));
        return alert.getText();
    }

    /** The parameters the browser arrived at the client's redirect URI with. */
    private Map<String, String> landed() {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> driver.getCurrentUrl().startsWith(landing));
        String query = URI.create(browser.getCurrentUrl()).getRawQuery();
        return Arrays.stream(query.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    private String authorize(String client, String extra) {
        return http.base() + "/auth/authorize?response_type=code&client_id=" + client + "&redirect_uri=" + encode(landing)
                + "&scope=openid+profile&state=st-" + suffix + "&nonce=n-" + suffix
                + "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256" + extra;
    }

    /** A confidential client whose redirect URI is a page of this server. */
    private String client(boolean firstParty) {
        String id = "web-" + suffix;
        var reply = http.put("/Client/" + id).root().json("{\"secret\":\"secret-" + suffix + "\",\"first_party\":" + firstParty
                + ",\"grant_types\":[\"authorization_code\"],\"auth\":{\"authorization_code\":{\"redirect_uri\":\"" + landing
                + "\",\"post_logout_redirect_uri\":\"" + landing + "?bye\"}}}").send();
        assertEquals(201, reply.status(), reply.body());
        return id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
