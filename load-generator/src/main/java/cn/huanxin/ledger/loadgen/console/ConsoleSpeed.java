package cn.huanxin.ledger.loadgen.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the console's speed on a loaded ledger, for bench/console.sh: every page's first
 * contentful paint in headless Chromium, and every page's own data request (the console is
 * server-rendered: a page's GET is its data request; its one script only draws charts from the
 * tables already in the page and makes no request of its own).
 *
 * <pre>
 * java -Dloader.main=cn.huanxin.ledger.loadgen.console.ConsoleSpeed -cp load-generator/target/load-generator.jar \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --url http://127.0.0.1:18090 \
 *      --password bench-secret [--auditor bench-auditor] [--discipline bench-discipline] [--admin bench-admin] \
 *      [--runs 10] [--warmups 1] [--requests 50] [--data-warmups 3] [--paint-target-ms 1000] [--data-target-ms 300] \
 *      [--run-id ID --seed 42 --events N | --person-id-number ID] [--investigation true] \
 *      [--investigation-timeout-seconds 900] [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] \
 *      [--profile-dir DIR]
 * </pre>
 *
 * <p>First it finds through the API what the pages are opened on ({@link LedgerReader}) and starts
 * one investigation over all of history (its page is measured once it is complete). Then, for each
 * role (AUDITOR, DISCIPLINE, ADMIN), it signs in through the console's form in the browser and opens
 * each of that role's pages {@code warmups} times unmeasured (the first is the cold one: nothing
 * cached yet; its FCP is reported as {@code cold_ms}) and {@code runs} times measured, reading
 * {@code first-contentful-paint} from {@code performance.getEntriesByType('paint')} and the navigation
 * entry's responseStart, responseEnd, domContentLoadedEventEnd and loadEventEnd. Then, with a plain
 * {@link HttpClient} carrying the browser's session cookie, it sends each page's GET
 * {@code data-warmups} times unmeasured and {@code requests} times measured, one after another,
 * timing each until the whole body is read.
 *
 * <p>Prints on standard output, one line per page:
 * {@code PAINT page=… role=… runs=10 median_ms=… max_ms=… cold_ms=… response_end_ms=… dcl_ms=… load_ms=…
 * target_ms=1000 ok=yes|no all_within=yes|no} ({@code ok}: the median FCP is within the target;
 * {@code all_within}: every measured FCP is) and
 * {@code DATA page=… role=… list=yes|no requests=50 p50_ms=… p95_ms=… max_ms=… bytes=… target_ms=300 ok=yes|no}
 * ({@code ok}: p95 within the target; the target is the for list pages, and is shown for every page);
 * {@code SUBJECTS …}, {@code NOTE …}, {@code PROBLEM …} lines, and a summary table. Exit status 0 when every page
 * answered, 1 when a page failed (an error page, a status other than 200), 2 on bad arguments.
 */
public final class ConsoleSpeed {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSpeed.class);

    private static final String AUDITOR = "AUDITOR";
    private static final String DISCIPLINE = "DISCIPLINE";
    private static final String ADMIN = "ADMIN";

    /**
     * One page to measure.
     *
     * @param path     its GET path, or null for the person look-up (a POSTed form)
     * @param list     a list page: the 300 ms p95 target is about these
     * @param data     whether its GET is measured with the HTTP client too
     */
    record Page(String name, String role, String path, boolean list, boolean data) {
    }

    private final Options options;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String[]> summary = new LinkedHashMap<>();

    private ConsoleSpeed(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        int status;
        try {
            status = new ConsoleSpeed(options).run();
        } catch (Exception e) {
            System.out.println("PROBLEM " + e);
            // The machine-parsable PROBLEM line is on stdout; the cause's trace goes to the log.
            LOG.error("The measurement failed", e);
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static void log(String message) {
        System.err.println("[console-speed] " + message);
    }

    private int run() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        log("finding the subjects of the pages through the API");
        LedgerReader.Subjects s = new LedgerReader(http, options.url, options.password).find(options);
        System.out.printf(Locale.ROOT, "SUBJECTS balance_rows=%d fund=%s region=%s paid_account=%s subsidy=%s "
                        + "enterprise=%s subsidy_stream=%s fund_stream=%s alert=%s alert_rule=%s alert_severity=%s "
                        + "investigation=%s investigation_status=%s investigation_alerts=%d investigation_s=%.1f "
                        + "person_id_number=%s%n",
                s.balanceRows(), s.fundId(), s.regionCode(), s.paidAccount(), s.subsidyId(), s.enterpriseId(),
                s.subsidyStream(), s.fundStream(), s.alertId(), s.alertRuleId(), s.alertSeverity(), s.investigationId(),
                s.investigationStatus(), s.investigationAlerts(), s.investigationSeconds(),
                s.personIdNumber() == null ? "none" : "known");
        List<Page> pages = pages(s);

        ConsoleBrowser browser = new ConsoleBrowser(options.url, options.chromium, options.chromedriver,
                options.profileDir);
        Thread closer = new Thread(browser::close, "close-chromium");
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            for (String role : List.of(AUDITOR, DISCIPLINE, ADMIN)) {
                List<Page> ofRole = pages.stream().filter(p -> p.role().equals(role)).toList();
                if (ofRole.isEmpty()) {
                    continue;
                }
                String user = switch (role) {
                    case AUDITOR -> options.auditor;
                    case DISCIPLINE -> options.discipline;
                    default -> options.admin;
                };
                log("signing in as " + user + " (" + role + ")");
                if (!browser.signIn(user, options.password)) {
                    problem("the console refused to sign in " + user);
                    continue;
                }
                String session = browser.sessionCookie();
                for (Page page : ofRole) {
                    paint(browser, page, s);
                }
                for (Page page : ofRole) {
                    if (page.data()) {
                        data(http, session, page);
                    }
                }
            }
        } finally {
            browser.close();
            Runtime.getRuntime().removeShutdownHook(closer);
        }
        printSummary();
        return problems.isEmpty() ? 0 : 1;
    }

    /** The pages of every role, opened on what the API led to; a page without its subject is left out. */
    private List<Page> pages(LedgerReader.Subjects s) {
        List<Page> pages = new ArrayList<>();
        pages.add(new Page("overview", AUDITOR, "/console", false, true));
        pages.add(new Page("balances", AUDITOR, "/console/balances", true, true));
        pages.add(new Page("balances-fund-region", AUDITOR, "/console/balances?fundId=" + q(s.fundId())
                + "&regionCode=" + q(s.regionCode()), true, true));
        pages.add(new Page("balances-programme", AUDITOR, "/console/balances?programme=APPLIANCE", true, true));
        pages.add(new Page("balances-asof", AUDITOR, "/console/balances?asOf=2024-10-01", true, true));
        pages.add(new Page("postings", AUDITOR, "/console/accounts/" + LedgerReader.enc(s.paidAccount()) + "/postings",
                true, true));
        pages.add(new Page("postings-asof", AUDITOR, "/console/accounts/" + LedgerReader.enc(s.paidAccount())
                + "/postings?asOf=2024-10-01", true, true));
        pages.add(new Page("alerts", AUDITOR, "/console/alerts", true, true));
        pages.add(new Page("alerts-open", AUDITOR, "/console/alerts?status=OPEN", true, true));
        if (s.alertId() != null) {
            pages.add(new Page("alerts-filtered", AUDITOR, "/console/alerts?ruleId=" + q(s.alertRuleId())
                    + "&severity=" + q(s.alertSeverity()) + "&status=" + q(s.alertStatus())
                    + "&regionCode=" + q(s.alertRegion()), true, true));
            pages.add(new Page("alert", AUDITOR, "/console/alerts/" + LedgerReader.enc(s.alertId()), false, true));
        } else {
            // a small load may raise none: not the console's failure, but the alert page goes unmeasured
            System.out.println("NOTE the ledger raised no alert: the filtered alerts page and the alert page are not measured");
        }
        pages.add(new Page("trace-search", AUDITOR, "/console/trace", false, true));
        if (s.subsidyId() != null) {
            pages.add(new Page("trace-subsidy", AUDITOR, "/console/trace/subsidy/" + LedgerReader.enc(s.subsidyId()),
                    false, true));
        }
        if (s.enterpriseId() != null) {
            pages.add(new Page("trace-enterprise", AUDITOR, "/console/trace/enterprise/"
                    + LedgerReader.enc(s.enterpriseId()), false, true));
        }
        pages.add(new Page("trace-fund", AUDITOR, "/console/trace/fund/" + LedgerReader.enc(s.fundId()), false, true));
        pages.add(new Page("targets-2024", AUDITOR, "/console/targets?year=2024", true, true));
        pages.add(new Page("targets-2027", AUDITOR, "/console/targets?year=2027", true, true));
        if (s.subsidyStream() != null) {
            pages.add(new Page("history-subsidy", AUDITOR, "/console/history/" + LedgerReader.enc(s.subsidyStream()),
                    true, true));
        }
        if (s.fundStream() != null) {
            pages.add(new Page("history-fund", AUDITOR, "/console/history/" + LedgerReader.enc(s.fundStream()),
                    true, true));
        }
        pages.add(new Page("integrity", AUDITOR, "/console/integrity", false, true));

        pages.add(new Page("overview-discipline", DISCIPLINE, "/console", false, true));
        if (s.personIdNumber() != null) {
            pages.add(new Page("trace-person", DISCIPLINE, null, false, false));
        } else {
            log("no resident's ID number (give --run-id, --seed and --events, or --person-id-number): "
                    + "the person look-up is not measured");
        }
        pages.add(new Page("investigations", DISCIPLINE, "/console/investigations", true, true));
        if (s.investigationId() != null) {
            if (!"COMPLETED".equals(s.investigationStatus())) {
                problem("the investigation " + s.investigationId() + " is " + s.investigationStatus()
                        + ", not COMPLETED: its page shows its progress, not its alerts");
            }
            pages.add(new Page("investigation", DISCIPLINE, "/console/investigations/"
                    + LedgerReader.enc(s.investigationId()), true, true));
        }

        pages.add(new Page("overview-admin", ADMIN, "/console", false, true));
        pages.add(new Page("operations", ADMIN, "/console/operations", true, true));
        return pages;
    }

    private void paint(ConsoleBrowser browser, Page page, LedgerReader.Subjects s) {
        Timings fcp = new Timings();
        Timings responseEnd = new Timings();
        Timings dcl = new Timings();
        Timings load = new Timings();
        double cold = -1;
        long pageBytes = -1;
        long resourceBytes = -1;
        String problem = null;
        for (int i = 0; i < options.warmups + options.runs; i++) {
            ConsoleBrowser.Navigation n;
            try {
                n = page.path() == null ? browser.lookUpPerson(s.personIdNumber()) : browser.open(page.path());
            } catch (RuntimeException e) {
                problem = e.getClass().getSimpleName() + ": " + LedgerReader.abbreviate(e.getMessage());
                break;
            }
            if (!n.problem().isEmpty()) {
                problem = "the page showed " + LedgerReader.abbreviate(n.problem()) + " (" + n.path() + ")";
                break;
            }
            if (i == 0) {
                cold = n.firstContentfulPaint();
            }
            if (i < options.warmups) {
                continue;
            }
            if (n.firstContentfulPaint() >= 0) {
                fcp.add(n.firstContentfulPaint());
            }
            responseEnd.add(n.responseEnd());
            dcl.add(n.domContentLoaded());
            load.add(n.load());
            pageBytes = n.transferBytes();
            resourceBytes = n.resourceBytes();
        }
        if (problem != null) {
            problem("PAINT " + page.name() + ": " + problem);
        } else if (fcp.count() < options.runs) {
            problem("PAINT " + page.name() + ": the browser reported first-contentful-paint for " + fcp.count() + " of "
                    + options.runs + " runs");
        }
        boolean ok = problem == null && !fcp.isEmpty() && fcp.median() <= options.paintTargetMs;
        boolean allWithin = problem == null && !fcp.isEmpty() && fcp.max() <= options.paintTargetMs;
        System.out.printf(Locale.ROOT, "PAINT page=%s role=%s runs=%d median_ms=%s max_ms=%s cold_ms=%s "
                        + "response_end_ms=%s dcl_ms=%s load_ms=%s page_bytes=%d resource_bytes=%d target_ms=%d "
                        + "ok=%s all_within=%s%n",
                page.name(), page.role(), fcp.count(), Timings.ms(fcp.median()), Timings.ms(fcp.max()), Timings.ms(cold),
                Timings.ms(responseEnd.median()), Timings.ms(dcl.median()), Timings.ms(load.median()), pageBytes,
                resourceBytes, options.paintTargetMs, ok ? "yes" : "no", allWithin ? "yes" : "no");
        System.out.flush();
        String[] row = summary.computeIfAbsent(page.name(), k -> newRow(page));
        row[2] = Timings.ms(fcp.median());
        row[3] = Timings.ms(fcp.max());
        row[4] = Timings.ms(cold);
        row[5] = Timings.ms(load.median());
        row[6] = ok ? "yes" : "NO";
    }

    private void data(HttpClient http, String session, Page page) throws InterruptedException {
        Timings times = new Timings();
        long bytes = -1;
        String problem = null;
        URI uri = URI.create(options.url + page.path());
        for (int i = 0; i < options.dataWarmups + options.requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(60))
                    .header("Cookie", "JSESSIONID=" + session).header("Accept", "text/html").build();
            long t0 = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                problem = "GET " + page.path() + " failed: " + e;
                break;
            }
            double millis = (System.nanoTime() - t0) / 1e6;
            if (response.statusCode() != 200) {
                problem = "GET " + page.path() + " answered " + response.statusCode() + " "
                        + response.headers().firstValue("Location").orElse("");
                break;
            }
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (body.contains("id=\"problem-status\"")) {
                problem = "GET " + page.path() + " answered the problem page";
                break;
            }
            bytes = response.body().length;
            if (i >= options.dataWarmups) {
                times.add(millis);
            }
        }
        if (problem != null) {
            problem("DATA " + page.name() + ": " + problem);
        }
        boolean ok = problem == null && times.count() == options.requests && times.percentile(0.95) <= options.dataTargetMs;
        System.out.printf(Locale.ROOT, "DATA page=%s role=%s list=%s requests=%d p50_ms=%s p95_ms=%s max_ms=%s bytes=%d "
                        + "target_ms=%d ok=%s%n",
                page.name(), page.role(), page.list() ? "yes" : "no", times.count(), Timings.ms(times.percentile(0.5)),
                Timings.ms(times.percentile(0.95)), Timings.ms(times.max()), bytes, options.dataTargetMs,
                ok ? "yes" : "no");
        System.out.flush();
        String[] row = summary.computeIfAbsent(page.name(), k -> newRow(page));
        row[7] = Timings.ms(times.percentile(0.5));
        row[8] = Timings.ms(times.percentile(0.95));
        row[9] = Timings.ms(times.max());
        row[10] = ok ? "yes" : "NO";
    }

    private static String[] newRow(Page page) {
        String[] row = new String[11];
        java.util.Arrays.fill(row, "-");
        row[0] = page.name() + (page.list() ? " *" : "");
        row[1] = page.role();
        return row;
    }

    private void printSummary() {
        System.out.printf(Locale.ROOT, "%nconsole speed: first contentful paint in headless Chromium (%d warm-up + %d "
                        + "measured loads, target %d ms on the median) and the page's GET (%d requests, target %d ms "
                        + "on p95; * = list page)%n", options.warmups, options.runs, options.paintTargetMs,
                options.requests, options.dataTargetMs);
        String format = "%-24s %-10s %8s %8s %8s %8s %5s %8s %8s %8s %5s%n";
        System.out.printf(Locale.ROOT, format, "page", "role", "fcp_med", "fcp_max", "fcp_cold", "load_med", "ok",
                "get_p50", "get_p95", "get_max", "ok");
        for (String[] row : summary.values()) {
            System.out.printf(Locale.ROOT, format, (Object[]) row);
        }
        for (String problem : problems) {
            System.out.println("PROBLEM " + problem);
        }
    }

    private void problem(String text) {
        log("PROBLEM: " + text);
        problems.add(text);
    }

    private static String q(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
