package cn.huanxin.ledger.api.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The system's headless Chromium driven by the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}, which the build installs when missing: {@code .ci/install-browser}). Both
 * paths are given to Selenium, so its own manager never looks for, let alone downloads, a browser or
 * a driver; and the browser starts with a fresh profile and with every background service that
 * would reach outside hosts switched off, so the tests make no connection beyond the ledger they
 * start.
 *
 * <p>One browser serves a whole test class (starting one costs a second or two); each test signs in
 * and out as the role it needs.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    /** Where the screenshots of a run go; {@code docs/console/} holds the committed copies. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Path profile;
    private final ChromeDriver driver;
    private final String base;

    Chromium(int port) {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the console's browser tests need " + BROWSER + " and " + DRIVER
                    + " (apt-get install chromium chromium-driver; the build runs .ci/install-browser to install them)");
        }
        try {
            profile = Files.createTempDirectory("console-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
                "--no-default-browser-check", "--metrics-recording-only", "--disable-features=Translate,MediaRouter",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        // The page's console messages, so that a test can see a script or style the page's
        // Content-Security-Policy refused.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        base = "http://127.0.0.1:" + port;
    }

    WebDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean present(String css) {
        return !findAll(css).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    /** The page's language, as its {@code <html lang>} says. */
    String language() {
        return find("html").getAttribute("lang");
    }

    /**
     * A wait that also outlasts a page replacing itself between finding an element and reading it
     * (the pages that follow a running job reload themselves every few seconds).
     */
    WebDriverWait waiting() {
        return waiting(WAIT);
    }

    WebDriverWait waiting(java.time.Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Signs in through the console's form, as a person would. */
    void signIn(String name, String password) {
        open("/console/login");
        if (present("#sign-out")) {
            // Still signed in from before: the sign-in page led to the console.
            signOut();
        }
        find("#username").clear();
        find("#username").sendKeys(name);
        find("#password").sendKeys(password);
        find("#sign-in").click();
        waiting().until(d -> !path().startsWith("/console/login") || present("#login-error"));
    }

    void signOut() {
        if (present("#sign-out")) {
            find("#sign-out").click();
            waiting().until(d -> path().startsWith("/console/login"));
        }
    }

    /** Sets the language through the toggle until the page is in the wanted one. */
    void language(String wanted) {
        if (!wanted.equals(language())) {
            find("#language-toggle").click();
            waiting().until(d -> wanted.equals(language()));
        }
    }

    /** Saves the page as {@code target/console-screenshots/{name}.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Full-page height for a screenshot of a long page, then back. */
    Path fullScreenshot(String name) {
        Object height = driver.executeScript("return Math.min(4000, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, ((Number) height).intValue() + 40));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    /** The browser console's messages since the last call (each read empties the log). */
    List<String> consoleMessages() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // A profile left behind in the temporary directory harms nothing.
            }
        }
    }
}
