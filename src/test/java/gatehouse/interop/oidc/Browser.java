package gatehouse.interop.oidc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A headless Chromium (Debian's chromium and chromedriver, as the console's test uses)
 * that signs in on Gatehouse's pages the way a user does: it types into the form and
 * clicks its button. Forms are found by their fields, not by their markup.
 */
public final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() throws IOException {
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "Needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        Path profile = Files.createTempDirectory("sign-in-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1024,768");
        // The driver is named, so Selenium Manager never downloads one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
        return new Browser(driver, profile);
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** The visible text of the page. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String source() {
        return driver.getPageSource();
    }

    /** Runs the script in the page; a returned promise is awaited. */
    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Waits (15 s at most) until the address satisfies the condition, and returns it. */
    public String awaitUrl(Predicate<String> condition, String what) {
        try {
            return wait(15).until(driver -> condition.test(driver.getCurrentUrl()) ? driver.getCurrentUrl() : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("Not reached: " + what + "; the browser is at " + url() + "\n" + text(), e);
        }
    }

    /** Whether the page shows a login form: a form with a password field. */
    public boolean onLoginPage() {
        return !driver.findElements(By.cssSelector("form input[name=password]")).isEmpty();
    }

    /** Types the credentials into the login page's form and submits it with its button. */
    public void signIn(String username, String password) {
        WebElement passwordField = wait(15).until(presence(By.cssSelector("form input[name=password]")));
        WebElement form = passwordField.findElement(By.xpath("./ancestor::form"));
        WebElement usernameField = form.findElement(By.name("username"));
        usernameField.clear();
        usernameField.sendKeys(username);
        passwordField.sendKeys(password);
        submitButton(form).click();
    }

    /** Clicks the consent page's button of that decision ({@code allow} or {@code deny}). */
    public void decide(String decision) {
        wait(15).until(presence(By.cssSelector("form button[name=decision][value=" + decision + "]"))).click();
    }

    public boolean onConsentPage() {
        return !driver.findElements(By.cssSelector("form button[name=decision]")).isEmpty();
    }

    /** The text of the page's alert (the error message), or null. */
    public String alert() {
        List<WebElement> alerts = driver.findElements(By.cssSelector("[role=alert]"));
        return alerts.isEmpty() ? null : alerts.get(0).getText();
    }

    /** Forgets every cookie of the current page's host (all the test servers are on localhost). */
    public void forgetCookies() {
        driver.manage().deleteAllCookies();
    }

    /** The cookie of the current page's host with that name, or null. */
    public org.openqa.selenium.Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** A screenshot and the page of a failed test, in target/sign-in-failures/. */
    public void saveEvidence(String test) {
        try {
            Path dir = Path.of("target", "sign-in-failures");
            Files.createDirectories(dir);
            Files.write(dir.resolve(test + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve(test + ".html"), "<!-- " + url() + " -->\n" + source());
            System.err.println("Sign-in: screenshot and page of " + test + " (at " + url() + ") in " + dir.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("Sign-in: could not save the evidence of " + test + ": " + e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private static WebElement submitButton(WebElement form) {
        List<WebElement> buttons = form.findElements(By.cssSelector("button[type=submit], input[type=submit], button:not([type])"));
        if (buttons.isEmpty()) {
            throw new AssertionError("The form has no submit button:\n" + form.getAttribute("outerHTML"));
        }
        return buttons.get(0);
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private static Function<WebDriver, WebElement> presence(By by) {
        return driver -> {
            List<WebElement> found = driver.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        };
    }
}
