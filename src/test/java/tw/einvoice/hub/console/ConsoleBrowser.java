package tw.einvoice.hub.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.web.internal.HubUsers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;

/**
 * Base of console tests in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by
 * Selenium without Selenium Manager). The hub runs on port 0 with the test profile, shared with every other
 * {@link HubIntegrationTest}; one browser serves a whole test class. Every page a test visits through {@link #visit}
 * or {@link #screenshot} is saved as {@code target/screenshots/<lang>/<page>.png}.
 * <p>
 * Without Chromium the tests are skipped on a developer's machine, and fail under {@code CI=true}: CI must have
 * installed it ({@code .ci/run} does).
 */
public abstract class ConsoleBrowser extends HubIntegrationTest {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** A page of the console answers within this on a busy build machine. */
    public static final Duration PAGE = Duration.ofSeconds(15);

    private static ChromeDriverService service;
    protected static WebDriver browser;

    @Autowired
    protected HubUsers users;

    @BeforeAll
    static void startBrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install the Debian packages chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(present, "no Chromium at " + CHROMIUM + "; browser tests skipped outside CI");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        service.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900",
                "--lang=zh-TW", "--disable-gpu", "--disable-extensions");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PAGE);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (service != null) {
            service.stop();
            service = null;
        }
    }

    @BeforeEach
    void freshSession() {
        if (browser != null) {
            browser.manage().deleteAllCookies();
        }
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A user of the given role, created once per name (password {@code name + "-password-1"}). */
    protected String user(String name, String role, String sellerId, Set<String> branches) {
        if (!users.exists(name)) {
            users.create(name, password(name), role, sellerId, branches);
        }
        return name;
    }

    protected static String password(String name) {
        return name + "-password-1";
    }

    /** Logs in through the form and waits for the dashboard. */
    protected void logIn(String username, String password) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        waitFor(By.id("who"));
    }

    /** Opens a path and saves its screenshot as {@code <lang>/<page>.png}. */
    protected void visit(String path, String page) {
        browser.get(url(path));
        waitFor(By.tagName("main"));
        screenshot(page);
    }

    protected WebElement waitFor(By what) {
        return new WebDriverWait(browser, PAGE).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    protected void waitForText(By what, String text) {
        new WebDriverWait(browser, PAGE).until(ExpectedConditions.textToBePresentInElementLocated(what, text));
    }

    /** The page's language as the layout declares it ({@code zh-TW} or {@code en}). */
    protected String lang() {
        return browser.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    protected Path screenshot(String page) {
        try {
            Path target = SCREENSHOTS.resolve(lang()).resolve(page + ".png");
            Files.createDirectories(target.getParent());
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new AssertionError("screenshot of " + page + " could not be saved", e);
        }
    }
}
