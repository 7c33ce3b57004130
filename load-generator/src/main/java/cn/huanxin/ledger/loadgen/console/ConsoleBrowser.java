package cn.huanxin.ledger.loadgen.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The system's headless Chromium through the system's chromedriver, as ledger-api's browser tests
 * start it: both paths are given to Selenium, so its manager never looks for, let alone downloads, a
 * browser or a driver; a fresh profile; every background service that would reach another host
 * switched off. Signs in through the console's form and reads a page's paint and navigation timing.
 */
final class ConsoleBrowser implements AutoCloseable {

    /** What one navigation took, in ms from its start; -1 where the browser gave no figure. */
    record Navigation(double firstContentfulPaint, double responseStart, double responseEnd,
                      double domContentLoaded, double load, long transferBytes, long resourceBytes,
                      String path, String problem) {
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * No DevTools (CDP) feature is used, so Selenium's warning that it has none for this Chromium
     * release says nothing: kept quiet (held here so the logger's level is not collected away).
     */
    private static final Logger CDP_LOGGER = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOGGER.setLevel(Level.SEVERE);
    }
    /**
     * Reads the paint and navigation entries of the current document: FCP from
     * performance.getEntriesByType('paint'), the rest from the navigation entry (Navigation Timing
     * level 2, relative to the navigation's start), with performance.timing as a fall-back.
     */
    private static final String READ_TIMING = """
            var paint = performance.getEntriesByType('paint')
                .filter(function (e) { return e.name === 'first-contentful-paint'; })[0];
            var nav = performance.getEntriesByType('navigation')[0];
            var t = performance.timing;
            var rel = function (v) { return v > 0 ? v - t.navigationStart : -1; };
            var resources = performance.getEntriesByType('resource')
                .reduce(function (sum, e) { return sum + (e.transferSize || 0); }, 0);
            var problem = document.getElementById('problem-status');
            return [
                paint ? paint.startTime : -1,
                nav ? nav.responseStart : rel(t.responseStart),
                nav ? nav.responseEnd : rel(t.responseEnd),
                nav ? nav.domContentLoadedEventEnd : rel(t.domContentLoadedEventEnd),
                nav ? nav.loadEventEnd : rel(t.loadEventEnd),
                nav ? (nav.transferSize || 0) : -1,
                resources,
                location.pathname + location.search,
                problem ? problem.textContent.trim() : '',
                document.readyState
            ];""";

    private final Path profile;
    private final ChromeDriver driver;
    private final String base;

    ConsoleBrowser(String base, Path chromium, Path chromedriver, Path profileParent) {
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("the console benchmark needs " + chromium + " and " + chromedriver
                    + " (apt-get install chromium chromium-driver)");
        }
        try {
            Files.createDirectories(profileParent);
            profile = Files.createTempDirectory(profileParent, "console-speed-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
                "--no-default-browser-check", "--metrics-recording-only", "--disable-features=Translate,MediaRouter",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        this.base = base;
    }

    /** Signs in through the console's form, as a person would; false when the console refused. */
    boolean signIn(String name, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/console/login");
        WebElement user = driver.findElement(By.id("username"));
        user.clear();
        user.sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        waiting().until(d -> !path().startsWith("/console/login") || !d.findElements(By.id("login-error")).isEmpty());
        return !path().startsWith("/console/login");
    }

    /** The session cookie the console set at sign-in. */
    String sessionCookie() {
        var cookie = driver.manage().getCookieNamed("JSESSIONID");
        if (cookie == null) {
            throw new IllegalStateException("no JSESSIONID cookie after signing in");
        }
        return cookie.getValue();
    }

    /** Opens the page (a GET navigation) and reads its timing. */
    Navigation open(String path) {
        driver.get(base + path);
        return timing();
    }

    /**
     * The discipline office's person look-up: the search page, the ID number typed into its form,
     * the form posted; the timing read is the POST navigation's.
     */
    Navigation lookUpPerson(String idNumber) {
        driver.get(base + "/console/trace");
        driver.findElement(By.id("idNumber")).sendKeys(idNumber);
        WebElement submit = driver.findElement(By.id("person-submit"));
        submit.click();
        waiting().until(ExpectedConditions.stalenessOf(submit));
        return timing();
    }

    private Navigation timing() {
        // driver.get returns once the load event fired; the FCP entry and loadEventEnd may follow a moment later
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<?> values;
        while (true) {
            values = (List<?>) ((JavascriptExecutor) driver).executeScript(READ_TIMING);
            boolean complete = "complete".equals(values.get(9));
            boolean painted = number(values.get(0)) >= 0;
            boolean loaded = number(values.get(4)) > 0;
            if ((complete && painted && loaded) || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String path = String.valueOf(values.get(7));
        String problem = String.valueOf(values.get(8));
        if (problem.isEmpty() && path.startsWith("/console/login")) {
            problem = "led to the sign-in page";
        }
        return new Navigation(number(values.get(0)), number(values.get(1)), number(values.get(2)),
                number(values.get(3)), number(values.get(4)), (long) number(values.get(5)),
                (long) number(values.get(6)), path, problem);
    }

    private String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a profile left behind in the work directory goes with it
            }
        }
    }
}
