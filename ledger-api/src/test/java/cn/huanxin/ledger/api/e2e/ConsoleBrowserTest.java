package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditors' console in a real headless Chromium against a ledger started on H2 or PostgreSQL (the
 * subclasses): the data each page shows is posted through the API first, then read in the browser as
 * the role that page is for. One ledger and one browser serve every test of a class; each test signs
 * in as its role. The screenshots of each page in both languages are written to
 * {@code target/console-screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class ConsoleBrowserTest {

    @LocalServerPort
    int port;

    private final String run = ValidIds.token();
    private final String fund = "CF-" + run;
    private final String invoice = "CINV-" + run;
    private final String personId = ValidIds.idNumber();
    private LedgerHttp api;
    private Chromium browser;

    @BeforeAll
    void postTheLedgerThePagesShow() throws Exception {
        api = new LedgerHttp(port, run);
        List<ObjectNode> events = new ArrayList<>();
        events.add(api.envelope("FundOpened", "2024-08-01T09:00:00+08:00", Map.of("fundId", fund, "name", "以旧换新",
                "year", 2024, "scheme", "CONSUMER_TRADE_IN", "source", "CENTRAL_BOND", "regionCode", "320800",
                "documentNo", "淮财建〔2024〕1号")));
        events.add(api.envelope("FundAllocated", "2024-08-01T10:00:00+08:00", Map.of("fundId", fund,
                "allocationId", "A1-" + run, "regionCode", "320812", "amount", "1234567.80", "documentNo", "D-1")));
        events.add(api.envelope("FundAllocated", "2024-08-02T10:00:00+08:00", Map.of("fundId", fund,
                "allocationId", "A2-" + run, "regionCode", "320826", "amount", "500000.00", "documentNo", "D-2")));
        for (int i = 0; i < 2; i++) {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("subsidyId", "CS-" + run + "-" + i);
            grant.put("fundId", fund);
            grant.put("regionCode", "320812");
            grant.put("programme", "APPLIANCE");
            grant.put("beneficiary", Map.of("kind", "PERSON", "idNumber", i == 0 ? personId : ValidIds.idNumber()));
            grant.put("product", Map.of("category", i == 0 ? "TV" : "REFRIGERATOR", "brand", "海信", "model", "M" + i,
                    "serialNo", "SN-" + run + "-" + i, "energyGrade", 1, "price", "6000.00"));
            grant.put("invoiceNo", invoice);
            grant.put("amount", "1200.00");
            events.add(api.envelope("SubsidyGranted", "2024-09-0" + (i + 1) + "T10:00:00+08:00", grant));
        }
        events.add(api.envelope("SubsidyPaid", "2024-09-05T10:00:00+08:00", Map.of("subsidyId", "CS-" + run + "-0",
                "paymentId", "P-" + run, "amount", "1200.00", "paidOn", "2024-09-05",
                "payeeAccount", ValidIds.payeeAccount())));
        api.post(events);
        // waits for balance to hold every stream of 320812's row (the fund's, and both grants, maybe on two segments)
        api.await("/api/v1/balances?fundId=" + fund, page -> page.path("items").size() == 2
                && page.path("items").get(0).path("allocated").asText().equals("1234567.80")
                && page.path("items").get(0).path("granted").asText().equals("2400.00")
                && page.path("items").get(0).path("committed").asText().equals("1200.00")
                && page.path("items").get(0).path("paid").asText().equals("1200.00"));
        api.await("/api/v1/alerts?ruleId=R10&limit=1000", page -> alert(page, invoice) != null);
        // waits for every view (supervision's traces, targets and evidence too) to have read all that was posted
        api.await("admin", "admin-demo", "/api/v1/admin/projections", status -> !status.path("items").isEmpty()
                && status.path("items").findValuesAsText("caughtUp").stream().allMatch("true"::equals));
        browser = new Chromium(port);
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    // ---- the foundation: sign-in, session, CSRF, language, keyboard

    @Test
    @Order(1)
    void theRootLeadsToTheSignInPageInChineseWithLabelledFields() {
        browser.open("/");
        browser.waiting().until(d -> browser.path().startsWith("/console/login"));
        assertThat(browser.language()).isEqualTo("zh");
        assertThat(browser.text("h1")).isEqualTo("登录");
        assertEveryFieldIsLabelled();
        browser.screenshot("login-zh");
        browser.language("en");
        assertThat(browser.text("h1")).isEqualTo("Sign in");
        browser.screenshot("login-en");
        browser.language("zh");
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefusedOnThePage() {
        browser.signIn("auditor", "not-the-password");
        assertThat(browser.path()).startsWith("/console/login");
        assertThat(browser.text("#login-error")).isEqualTo("用户名或密码不正确。");
    }

    @Test
    @Order(3)
    void theKeyboardSignsInAndReachesTheSkipLinkFirst() {
        browser.open("/console/login");
        // The name field has focus on arrival (the browser applies autofocus at its next rendering
        // opportunity, which on a busy machine can come after the page reports loaded); Tab leads on
        // to the password, Enter signs in.
        browser.waiting().until(d -> "username".equals(d.switchTo().activeElement().getAttribute("id")));
        browser.driver().switchTo().activeElement().sendKeys("auditor", Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("password");
        browser.driver().switchTo().activeElement().sendKeys("auditor-demo", Keys.ENTER);
        browser.waiting().until(d -> browser.present("#signed-in") || browser.present("#login-error"));
        assertThat(browser.path()).startsWith("/console").doesNotStartWith("/console/login");
        assertThat(browser.text("#signed-in")).contains("auditor").contains("审计人员");
        // On a page, the first Tab reaches the skip link; following it, the next Tab is in the content.
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement skip = browser.driver().switchTo().activeElement();
        assertThat(skip.getAttribute("class")).isEqualTo("skip");
        skip.sendKeys(Keys.ENTER);
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertThat(browser.script("return document.activeElement.closest('main') !== null")).isEqualTo(true);
        browser.signOut();
        assertThat(browser.present("#login-signed-out")).isTrue();
    }

    @Test
    @Order(4)
    void theConsoleKeepsBasicOutAndTheApiKeepsSessionsOut() throws Exception {
        // A machine's Basic credentials do not open the console: it answers with its sign-in page.
        HttpResponse<String> basic = api.send("auditor", "auditor-demo",
                HttpRequest.newBuilder(api.uri("/console")).GET());
        assertThat(basic.statusCode()).isEqualTo(302);
        assertThat(basic.headers().firstValue("Location").orElse("")).endsWith("/console/login");
        // A browser session does not open the API, and a console form without its CSRF token is refused.
        browser.signIn("auditor", "auditor-demo");
        String session = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> api = this.api.send(null, null, HttpRequest.newBuilder(this.api.uri("/api/v1/balances"))
                .header("Cookie", "JSESSIONID=" + session).GET());
        assertThat(api.statusCode()).isEqualTo(401);
        HttpResponse<String> forged = this.api.send(null, null, HttpRequest.newBuilder(this.api.uri("/console/logout"))
                .header("Cookie", "JSESSIONID=" + session).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).isEqualTo(403);
        browser.open("/console");
        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.find("html").getText()).doesNotContain("??");
        browser.signOut();
    }

    // ---- Overview

    @Test
    @Order(10)
    void theOverviewShowsBalancesTrialBalanceAlertsAndCheckpointToAnAuditor() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console");
        assertThat(browser.text("h1")).isEqualTo("总览");
        assertThat(browser.text("#trial-status")).isEqualTo("借贷平衡");
        WebElement county = row("#table-region", "320812");
        // 1,234,567.80 allocated; 2 × 1,200.00 granted; 1,200.00 of it paid.
        assertThat(cells(county)).containsExactly("1,234,567.80", "0.00", "2,400.00", "0.00", "1,200.00", "1,200.00",
                "1,232,167.80");
        assertThat(row("#table-region", "320812").getText()).contains("清江浦区");
        assertThat(cells(row("#table-fund", fund))).containsExactly("1,734,567.80", "0.00", "2,400.00", "0.00",
                "1,200.00", "1,200.00", "1,732,167.80");
        browser.waiting().until(d -> "true".equals(browser.find("#chart-region").getAttribute("data-drawn")));
        browser.waiting().until(d -> "true".equals(browser.find("#chart-fund").getAttribute("data-drawn")));
        assertThat(browser.findAll("#chart-region canvas")).isNotEmpty();
        long openHigh = countOpen("HIGH");
        assertThat(openHigh).isPositive();
        assertThat(browser.text("#open-high")).contains(String.valueOf(openHigh));
        JsonNode checkpoint = api.await("/api/v1/ledger/checkpoints/latest", c -> c.path("treeSize").asLong() >= 6);
        browser.open("/console");
        assertThat(browser.text("#checkpoint-tree-size")).isNotBlank();
        assertThat(Long.parseLong(browser.text("#checkpoint-tree-size").replace(",", "")))
                .isGreaterThanOrEqualTo(checkpoint.path("treeSize").asLong());
        assertThat(browser.text("#checkpoint-signed-at")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertEverythingCameFromTheLedger();
        assertThat(browser.present("#operations")).isFalse();
        browser.fullScreenshot("overview-zh");

        browser.language("en");
        assertThat(browser.text("h1")).isEqualTo("Overview");
        assertThat(browser.text("#trial-status")).isEqualTo("Balanced");
        browser.waiting().until(d -> "true".equals(browser.find("#chart-region").getAttribute("data-drawn")));
        browser.fullScreenshot("overview-en");
        // The choice holds on the next page without the parameter.
        browser.open("/console");
        assertThat(browser.language()).isEqualTo("en");
        browser.language("zh");
        browser.signOut();
    }

    @Test
    @Order(11)
    void anAdministratorSeesNoBalancesAndIsRefusedTheirPage() throws Exception {
        browser.signIn("admin", "admin-demo");
        // the API's status is read before the page is loaded: a view it counts as caught up is caught up on the page
        JsonNode projections = api.getJson("admin", "admin-demo", "/api/v1/admin/projections");
        browser.open("/console");
        assertThat(browser.text("h1")).isEqualTo("总览");
        assertThat(browser.present("#balances-by-fund")).isFalse();
        assertThat(browser.present("#trial-balance")).isFalse();
        assertThat(browser.present("#open-alerts")).isFalse();
        assertThat(browser.findAll("nav a")).extracting(WebElement::getText).containsExactly("总览", "运维");
        // The views' lag is the operators': their overview shows each view's, as the API counts it,
        // and leads to the page with the rest.
        assertThat(browser.present("#operations-link")).isTrue();
        assertThat(browser.findAll("#freshness tbody tr")).extracting(r -> r.getAttribute("data-view"))
                .containsExactlyInAnyOrderElementsOf(projections.path("items").findValuesAsText("name"));
        for (JsonNode view : projections.path("items")) {
            if (view.path("lag").asLong() == 0 && view.path("caughtUp").asBoolean()) {
                assertThat(browser.find("#freshness tr[data-view='" + view.path("name").asText() + "'] td").getText())
                        .isEqualTo("已追上");
            }
        }
        browser.signOut();
    }

    @Test
    @Order(12)
    void aSourceSystemCannotUseTheConsole() {
        browser.signIn("platform", "platform-demo");
        browser.open("/console");
        assertThat(browser.text("#problem-status")).contains("403");
        browser.open("/console/login");
        browser.signOut();
        browser.driver().manage().deleteAllCookies();
    }

    // ---- Balances

    @Test
    @Order(20)
    void balancesShowWhatTheApiAnswersForEachFilter() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/balances?fundId=" + fund);
        assertThat(browser.text("h1")).isEqualTo("资金余额");
        assertEveryFieldIsLabelled();
        assertTableMatchesTheApi("/api/v1/balances?fundId=" + fund);
        assertThat(cells(row("#balances", fund))).startsWith("320812 清江浦区", "1,234,567.80");
        // Only the overview draws charts: no other page loads the chart library.
        assertThat(browser.findAll("script[src*='echarts']")).isEmpty();
        // The library goes compressed and is kept by the browser for an hour.
        java.net.http.HttpResponse<byte[]> library = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(api.uri("/console/assets/echarts.min.js"))
                        .header("Accept-Encoding", "gzip").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(library.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("max-age=3600"));
        assertThat(library.body().length).isLessThan(500_000);
        browser.fullScreenshot("balances-zh");

        // The region filter, chosen in the form as a person would.
        new Select(browser.find("#regionCode")).selectByValue("320826");
        browser.find("#apply-filters").click();
        browser.waiting().until(d -> browser.url().contains("regionCode=320826"));
        assertTableMatchesTheApi("/api/v1/balances?fundId=" + fund + "&regionCode=320826");
        assertThat(browser.findAll("#balances tbody tr")).hasSize(1);

        // asOf: the second allocation occurred on 2 August, so by 1 August only the first is there.
        browser.open("/console/balances?fundId=" + fund + "&asOf=2024-08-01");
        assertTableMatchesTheApi("/api/v1/balances?fundId=" + fund + "&asOf=2024-08-01");
        // knownAt, as the form's Beijing-time field sends it: before anything was recorded, nothing.
        browser.open("/console/balances?fundId=" + fund + "&knownAt=2024-01-01T00:00");
        assertTableMatchesTheApi("/api/v1/balances?fundId=" + fund + "&knownAt=2024-01-01T00:00:00%2B08:00");
        assertThat(browser.text("#balances tbody")).isEqualTo("没有数据。");
        // A date the API refuses is refused on the page too, with the API's reason.
        browser.open("/console/balances?asOf=not-a-date");
        assertThat(browser.text("#problem-status")).contains("400");
        assertThat(browser.text("#problem-detail")).contains("asOf");

        browser.open("/console/balances?fundId=" + fund);
        browser.language("en");
        assertThat(browser.text("h1")).isEqualTo("Balances");
        browser.fullScreenshot("balances-en");
        browser.language("zh");
    }

    @Test
    @Order(21)
    void aFigureLeadsToItsAccountsPostings() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/balances?fundId=" + fund + "&regionCode=320812");
        row("#balances", fund).findElement(org.openqa.selenium.By.cssSelector("a.paid")).click();
        browser.waiting().until(d -> browser.path().startsWith("/console/accounts/"));
        String account = "paid:" + fund + ":320812";
        assertThat(browser.text("#account-id")).isEqualTo(account);
        JsonNode postings = api.getJson("auditor", "auditor-demo", "/api/v1/accounts/" + account + "/postings");
        assertThat(postings.path("items")).hasSize(1);
        List<WebElement> rows = browser.findAll("#postings tbody tr");
        assertThat(rows).hasSize(1);
        JsonNode posting = postings.path("items").get(0);
        assertThat(cells(rows.get(0))).containsExactly("2024-09-05 10:00:00",
                wallClock(posting.path("recordedAt").asText()), "SubsidyPaid", "CS-" + run + "-0", "1,200.00", "0.00",
                posting.path("ledgerEventId").asText());
        browser.fullScreenshot("postings-zh");
        browser.language("en");
        browser.fullScreenshot("postings-en");
        browser.language("zh");
    }

    @Test
    @Order(22)
    void theCsvExportIsTheApisCsvAsAFile() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/balances?fundId=" + fund);
        String href = browser.find("#export-csv").getAttribute("href");
        HttpResponse<byte[]> download = withSession(HttpRequest.newBuilder(java.net.URI.create(href)).GET());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
                .contains("balances.csv");
        HttpResponse<String> fromApi = api.send("auditor", "auditor-demo", HttpRequest.newBuilder(
                api.uri("/api/v1/balances?limit=1000&fundId=" + fund)).header("Accept", "text/csv").GET());
        String csv = new String(download.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo(fromApi.body())
                .startsWith("\uFEFFfundId,regionCode,allocated,reclaimed,granted,committed,paid,reversed,available\r\n")
                .contains(fund + ",320812,1234567.80,0.00,2400.00,1200.00,1200.00,0.00,1232167.80");
    }

    @Test
    @Order(23)
    void balancesAreTheReadersAndTheDisciplineOfficesOnly() {
        browser.signIn("discipline", "discipline-demo");
        browser.open("/console/balances?fundId=" + fund);
        assertThat(browser.findAll("#balances tbody tr")).hasSize(2);
        browser.signIn("admin", "admin-demo");
        browser.open("/console/balances?fundId=" + fund);
        assertThat(browser.text("#problem-status")).contains("403");
        assertThat(browser.present("#balances")).isFalse();
        browser.open("/console/balances.csv?fundId=" + fund);
        assertThat(browser.find("body").getText()).doesNotContain("1234567.80");
        browser.open("/console/login");
        browser.signOut();
    }

    // ---- Alerts

    @Test
    @Order(30)
    void theInboxFiltersAlertsAndShowsOneWithItsEvidenceAndRule() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/alerts");
        assertThat(browser.text("h1")).isEqualTo("预警");
        assertEveryFieldIsLabelled();
        new Select(browser.find("#ruleId")).selectByValue("R10");
        new Select(browser.find("#status")).selectByValue("OPEN");
        browser.find("#apply-filters").click();
        browser.waiting().until(d -> browser.url().contains("ruleId=R10"));
        JsonNode alert = alert(api.getJson("auditor", "auditor-demo", "/api/v1/alerts?ruleId=R10&status=OPEN&limit=1000"),
                invoice);
        String alertId = alert.path("alertId").asText();
        WebElement listed = browser.find("tr[data-alert='" + alertId + "']");
        assertThat(cells(listed)).containsExactly(wallClock(alert.path("raisedAt").asText()), "R10", "高", "待处理",
                "发票: " + invoice, alert.path("summaryZh").asText(), "2");
        // The date filter: the day the alert was raised (Asia/Shanghai) holds it, the next day does not,
        // as the API answers for the same days.
        String raisedOn = java.time.OffsetDateTime.parse(alert.path("raisedAt").asText())
                .atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        String nextDay = java.time.LocalDate.parse(raisedOn).plusDays(1).toString();
        browser.open("/console/alerts?ruleId=R10&from=" + raisedOn + "&to=" + raisedOn);
        assertThat(browser.present("tr[data-alert='" + alertId + "']")).isTrue();
        assertThat(browser.find("#from").getAttribute("value")).isEqualTo(raisedOn);
        assertThat(api.getJson("auditor", "auditor-demo", "/api/v1/alerts?ruleId=R10&from=" + raisedOn + "&to="
                + raisedOn).path("items").findValuesAsText("alertId")).contains(alertId);
        browser.open("/console/alerts?ruleId=R10&from=" + nextDay);
        assertThat(browser.present("tr[data-alert='" + alertId + "']")).isFalse();
        assertThat(api.getJson("auditor", "auditor-demo", "/api/v1/alerts?ruleId=R10&from=" + nextDay)
                .path("items").findValuesAsText("alertId")).doesNotContain(alertId);
        browser.open("/console/alerts?from=yesterday");
        assertThat(browser.text("#problem-status")).contains("400");
        browser.open("/console/alerts?ruleId=R10&status=OPEN");

        browser.fullScreenshot("alerts-zh");
        browser.language("en");
        assertThat(cells(browser.find("tr[data-alert='" + alertId + "']")))
                .contains("High", "Open", "Invoice: " + invoice, alert.path("summaryEn").asText());
        browser.fullScreenshot("alerts-en");
        browser.language("zh");

        browser.find("tr[data-alert='" + alertId + "'] a.open-alert").click();
        browser.waiting().until(d -> browser.path().startsWith("/console/alerts/" + alertId));
        assertThat(browser.text("#alert-rule")).isEqualTo("R10 发票重复使用");
        assertThat(browser.text("#rule-explanation")).contains("同一张发票");
        List<WebElement> evidence = browser.findAll("#evidence-table tbody tr");
        assertThat(evidence).hasSize(2);
        List<String> ids = new ArrayList<>();
        alert.path("evidence").forEach(id -> ids.add(id.asText()));
        assertThat(evidence).extracting(r -> cells(r).get(5)).containsExactlyElementsOf(ids);
        assertThat(evidence).extracting(r -> cells(r).get(0)).containsOnly("SubsidyGranted");
        assertThat(browser.present("#no-decisions")).isTrue();
        assertEveryFieldIsLabelled();
    }

    @Test
    @Order(31)
    void aDispositionIsRecordedAsAnEventAndTheAlertShowsWhoDecidedWhatAndWhen() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        String alertId = alert(api.getJson("auditor", "auditor-demo", "/api/v1/alerts?ruleId=R10&limit=1000"), invoice)
                .path("alertId").asText();
        browser.open("/console/alerts/" + alertId);
        assertEverythingCameFromTheLedger();
        browser.fullScreenshot("alert-zh");
        browser.language("en");
        browser.fullScreenshot("alert-en");
        browser.language("zh");

        // A form without its CSRF token (another site's) is refused and records nothing.
        String session = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> forged = api.send(null, null, HttpRequest.newBuilder(
                        api.uri("/console/alerts/" + alertId + "/disposition"))
                .header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("disposition=DISMISSED&reason=forged")));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(api.get("auditor", "auditor-demo", "/api/v1/history/alert:" + alertId).statusCode()).isEqualTo(404);

        // By keyboard: the choice, the reason, and Enter on the button.
        browser.find("#disposition-CONFIRMED").sendKeys(Keys.SPACE);
        browser.find("#reason").sendKeys("同一发票两次申领，已核实");
        browser.find("#record-disposition").sendKeys(Keys.ENTER);
        browser.waiting().until(d -> browser.present("#disposition-recorded"));
        List<WebElement> decisions = browser.findAll("#decision-table tbody tr");
        assertThat(decisions).hasSize(1);

        JsonNode history = api.getJson("auditor", "auditor-demo", "/api/v1/history/alert:" + alertId);
        JsonNode recorded = history.path("events").get(0);
        assertThat(recorded.path("type").asText()).isEqualTo("AlertDispositioned");
        assertThat(recorded.path("principal").asText()).isEqualTo("auditor");
        assertThat(recorded.path("payload").path("disposition").asText()).isEqualTo("CONFIRMED");
        assertThat(cells(decisions.get(0))).containsExactly(wallClock(recorded.path("recordedAt").asText()), "auditor",
                "确认（属实）", "同一发票两次申领，已核实");

        api.await("/api/v1/alerts?ruleId=R10&status=CONFIRMED&limit=1000", page -> alert(page, invoice) != null);
        browser.open("/console/alerts/" + alertId);
        assertThat(browser.text("#alert-status")).isEqualTo("已确认");
        browser.fullScreenshot("alert-decided-zh");
        browser.language("en");
        assertThat(browser.text("#alert-status")).isEqualTo("Confirmed");
        assertThat(cells(browser.findAll("#decision-table tbody tr").get(0))).contains("Confirmed (it happened)");
        browser.fullScreenshot("alert-decided-en");
        browser.language("zh");
    }

    @Test
    @Order(32)
    void anAdministratorHasNoAlertsAndCannotDecide() throws Exception {
        String alertId = alert(api.getJson("auditor", "auditor-demo", "/api/v1/alerts?ruleId=R10&limit=1000"), invoice)
                .path("alertId").asText();
        browser.signIn("admin", "admin-demo");
        browser.open("/console/alerts/" + alertId);
        assertThat(browser.text("#problem-status")).contains("403");
        assertThat(browser.find("body").getText()).doesNotContain(invoice);
        browser.open("/console/login");
        browser.signOut();
    }

    // ---- Trace, history and targets

    @Test
    @Order(40)
    void aSubsidysChainIsDrawnAsItsStagesWithLinksToWhatIsRelated() throws Exception {
        String subsidy = "CS-" + run + "-0";
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/trace");
        assertEveryFieldIsLabelled();
        assertThat(browser.present("#person-search")).isFalse();
        new Select(browser.find("#kind")).selectByValue("subsidy");
        browser.find("#ref").sendKeys(subsidy, Keys.ENTER);
        browser.waiting().until(d -> browser.path().equals("/console/trace/subsidy/" + subsidy));
        JsonNode trace = api.getJson("auditor", "auditor-demo", "/api/v1/trace/subsidy/" + subsidy);
        List<WebElement> stages = browser.findAll("#stages > li");
        assertThat(stages).hasSize(trace.path("stages").size());
        for (int i = 0; i < stages.size(); i++) {
            assertThat(stages.get(i).getAttribute("data-stage")).isEqualTo(trace.path("stages").get(i).path("stage").asText());
            assertThat(stages.get(i).getAttribute("data-status")).isEqualTo(trace.path("stages").get(i).path("status").asText());
        }
        assertThat(browser.find("#stages li[data-stage='PAID']").getText()).contains("补贴支付", "已完成", "SubsidyPaid");
        assertThat(browser.text("#completeness")).isEqualTo(Map.of("COMPLETE", "完整", "IN_PROGRESS", "进行中",
                "BROKEN", "断链").get(trace.path("completeness").asText()));
        assertThat(browser.find("body").getText()).doesNotContain(personId);
        browser.fullScreenshot("trace-zh");
        browser.language("en");
        assertThat(browser.find("#stages li[data-stage='PAID']").getText()).contains("Paid", "Done");
        browser.fullScreenshot("trace-en");
        browser.language("zh");

        // A related subject is a link to its own trace.
        browser.find("#related a[href$='/console/trace/fund/" + fund + "']").click();
        browser.waiting().until(d -> browser.path().equals("/console/trace/fund/" + fund));
        assertThat(browser.findAll("#stages > li")).isNotEmpty();
        assertThat(browser.present("#trace-alerts")).isFalse();

        // An enterprise's trace lists the alerts about it as a merchant: none for a new dealer.
        String dealer = ValidIds.enterpriseId();
        api.post(List.of(api.envelope("EnterpriseRegistered", "2024-08-01T11:00:00+08:00", Map.of("enterpriseId",
                dealer, "name", "淮安市家电商行", "roles", List.of("DEALER"), "regionCode", "320812"))));
        // The trace answers 404 until the supervision view has read the registration.
        browser.waiting(LedgerHttp.CATCH_UP).until(d -> {
            browser.open("/console/trace/enterprise/" + dealer);
            return browser.present("#trace-alerts-none");
        });
        assertThat(browser.text("#trace-alerts-none")).isEqualTo("没有以该企业为商户的预警。");
    }

    @Test
    @Order(41)
    void anAuditorGetsNoPersonDataByAnyRoute() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        // Editing the address, in either spelling of the kind.
        for (String path : List.of("/console/trace/person/" + personId, "/console/trace/PERSON/" + personId,
                "/console/trace?kind=person&ref=" + personId)) {
            browser.open(path);
            assertThat(browser.text("#problem-status")).as(path).contains("403");
            assertThat(browser.present("#trace-result")).isFalse();
        }
        // Posting the discipline office's form with the auditor's own session and CSRF token.
        browser.open("/console/trace");
        browser.script("var f = document.createElement('form'); f.method = 'post'; f.action = '/console/trace/person';"
                + "var t = document.querySelector('input[name=_csrf]').cloneNode(); f.appendChild(t);"
                + "var i = document.createElement('input'); i.name = 'idNumber'; i.value = arguments[0]; f.appendChild(i);"
                + "document.body.appendChild(f); f.submit();", personId);
        browser.waiting().until(d -> browser.present("#problem-status"));
        assertThat(browser.text("#problem-status")).contains("403");
        assertThat(browser.present("#trace-result")).isFalse();
    }

    @Test
    @Order(42)
    void theDisciplineOfficeLooksUpAPersonWithoutTheIdNumberInAnyAddressAndTheReadIsLogged() throws Exception {
        browser.signIn("discipline", "discipline-demo");
        browser.open("/console/trace");
        assertEveryFieldIsLabelled();
        browser.find("#idNumber").sendKeys(personId);
        browser.find("#person-submit").click();
        browser.waiting().until(d -> browser.present("#trace-result") || browser.present("#problem-status"));
        JsonNode trace = api.getJson("discipline", "discipline-demo", "/api/v1/trace/person/" + personId);
        String personRef = trace.path("subject").path("ref").asText();
        assertThat(browser.text("#subject-heading")).isEqualTo("人员: " + personRef);
        assertThat(browser.findAll("#stages > li")).hasSize(trace.path("stages").size());
        assertThat(browser.url()).doesNotContain(personId);
        assertThat(browser.driver().getPageSource()).doesNotContain(personId);
        browser.fullScreenshot("trace-person-zh");
        // The access log is a view: it shows the recorded read once it has read the event.
        JsonNode log = api.await("discipline", "discipline-demo",
                "/api/v1/access-log?actor=discipline&kind=person&limit=1000",
                page -> page.path("items").findValuesAsText("endpoint").contains("POST /console/trace/person"));
        assertThat(log.path("items").findValues("subject").stream().map(subject -> subject.path("ref").asText()))
                .contains(personRef);
    }

    @Test
    @Order(43)
    void aStreamsHistoryShowsItsEventsAsStoredAndAsKnownAtAPastMoment() throws Exception {
        String stream = "subsidy:CS-" + run + "-0";
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/trace/subsidy/CS-" + run + "-0");
        browser.find("#stages li[data-stage='PAID'] a").click();
        browser.waiting().until(d -> browser.path().startsWith("/console/history/"));
        assertThat(browser.text("#stream-id")).isEqualTo(stream);
        JsonNode history = api.getJson("auditor", "auditor-demo", "/api/v1/history/" + stream);
        List<WebElement> events = browser.findAll("#events > li");
        assertThat(events).extracting(e -> e.getAttribute("data-event"))
                .containsExactlyElementsOf(history.path("events").findValuesAsText("ledgerEventId"));
        String page = browser.find("#events").getText();
        assertThat(page).contains("personRef", "payeeAccountRef").doesNotContain(personId);
        browser.fullScreenshot("history-zh");
        browser.language("en");
        browser.fullScreenshot("history-en");
        browser.language("zh");
        // Known at a moment before anything was recorded: nothing.
        browser.find("#knownAt").sendKeys(Keys.chord(Keys.CONTROL, "a"));
        browser.script("document.getElementById('knownAt').value = '2024-01-01T00:00';");
        browser.find("#apply-known-at").click();
        browser.waiting().until(d -> browser.url().contains("knownAt="));
        assertThat(browser.present("#no-events")).isTrue();
        assertThat(browser.findAll("#events > li")).isEmpty();
    }

    @Test
    @Order(44)
    void targetsShowTheApisFiguresWithProgressBarsByLeadDepartmentFor2024And2027() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        for (int year : List.of(2024, 2027)) {
            browser.open("/console/targets");
            browser.find("#year-" + year).click();
            browser.waiting().until(d -> browser.url().endsWith("year=" + year));
            assertThat(browser.text("h1")).isEqualTo(year + " 年目标任务");
            JsonNode targets = api.getJson("auditor", "auditor-demo", "/api/v1/targets?year=" + year + "&limit=1000");
            assertThat(targets.path("items")).isNotEmpty();
            assertThat(browser.findAll("table.targets tbody tr")).hasSize(targets.path("items").size());
            for (JsonNode item : targets.path("items")) {
                WebElement row = browser.find("tr[data-task='" + item.path("taskNo").asText() + "'][data-measure='"
                        + item.path("measure").asText() + "']");
                WebElement section = row.findElement(org.openqa.selenium.By.xpath("ancestor::section"));
                assertThat(section.findElement(org.openqa.selenium.By.cssSelector("h2")).getText())
                        .isEqualTo(item.path("leadDepartment").asText());
                assertThat(new java.math.BigDecimal(cells(row).get(2).replace(",", "")))
                        .isEqualByComparingTo(item.path("actual").asText());
                assertThat(new java.math.BigDecimal(row.findElement(org.openqa.selenium.By.cssSelector("progress"))
                        .getAttribute("value"))).isEqualByComparingTo(
                        new java.math.BigDecimal(item.path("progress").asText()).min(java.math.BigDecimal.ONE));
            }
            if (year == 2024) {
                JsonNode tradeIns = null;
                for (JsonNode item : targets.path("items")) {
                    if (item.path("measure").asText().equals("APPLIANCE_TRADE_INS")) {
                        tradeIns = item;
                    }
                }
                assertThat(tradeIns).isNotNull();
                assertThat(new java.math.BigDecimal(tradeIns.path("actual").asText())).isGreaterThanOrEqualTo(
                        java.math.BigDecimal.valueOf(2));
            }
            browser.fullScreenshot("targets-" + year + "-zh");
        }
        browser.language("en");
        assertThat(browser.text("h1")).isEqualTo("Targets for 2027");
        browser.fullScreenshot("targets-2027-en");
        browser.open("/console/targets?year=2024");
        browser.fullScreenshot("targets-2024-en");
        browser.language("zh");
    }

    // ---- Investigations

    @Test
    @Order(50)
    void anInvestigationRunsWithOtherParametersAndItsAlertsAreComparedWithTheLiveOnes() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/investigations");
        assertThat(browser.text("#problem-status")).contains("403");
        browser.open("/console");
        assertThat(browser.findAll("nav a")).extracting(WebElement::getText).doesNotContain("专项核查");

        browser.signIn("discipline", "discipline-demo");
        browser.open("/console/investigations");
        assertEveryFieldIsLabelled();
        browser.script("document.getElementById('from').value = '2024-09-01';"
                + "document.getElementById('to').value = '2024-09-30';");
        new Select(browser.find("#regionCode")).selectByValue("320812");
        browser.find("#overrides").sendKeys("R08.max-subsidies = 2");
        browser.fullScreenshot("investigations-zh");
        browser.find("#start-investigation").click();
        browser.waiting().until(d -> browser.path().matches("/console/investigations/[0-9a-f-]{36}"));
        String id = browser.path().substring("/console/investigations/".length());
        browser.waiting(LedgerHttp.CATCH_UP).until(d ->
                List.of("COMPLETED", "FAILED").contains(browser.find("#investigation-status").getAttribute("data-status")));
        assertThat(browser.find("#investigation-status").getAttribute("data-status")).isEqualTo("COMPLETED");
        assertThat(browser.find("#investigation-progress").getAttribute("value")).isEqualTo("100");
        JsonNode investigation = api.getJson("discipline", "discipline-demo", "/api/v1/investigations/" + id);
        assertThat(investigation.path("rules").path("R08").path("max-subsidies").asText()).isEqualTo("2");
        assertThat(browser.findAll("#found-alerts tbody tr[data-alert]")).hasSize(investigation.path("alerts").size());
        String liveInvoiceAlert = alert(api.getJson("auditor", "auditor-demo", "/api/v1/alerts?ruleId=R10&limit=1000"),
                invoice).path("alertId").asText();
        // The same invoice reuse, found again with the same id: the live view has it, decided.
        assertThat(browser.find("#found-alerts tr[data-alert='" + liveInvoiceAlert + "']").getAttribute("data-live"))
                .isEqualTo("CONFIRMED");
        browser.fullScreenshot("investigation-zh");
        browser.language("en");
        assertThat(browser.text("#investigation-status")).isEqualTo("Completed");
        browser.fullScreenshot("investigation-en");
        browser.open("/console/investigations");
        browser.fullScreenshot("investigations-en");
        browser.language("zh");
    }

    // ---- Integrity

    @Test
    @Order(60)
    void aVerificationStartedInTheConsoleShowsItsProgressAndResult() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/integrity");
        JsonNode key = api.getJson("auditor", "auditor-demo", "/api/v1/ledger/public-key");
        assertThat(browser.text("#key-id")).isEqualTo(key.path("keyId").asText());
        assertThat(browser.text("#public-key")).isEqualTo(key.path("pem").asText().trim());
        assertThat(browser.present("#evidence-bundles")).isFalse();
        browser.find("#start-verification").click();
        browser.waiting(LedgerHttp.CATCH_UP)
                .until(d -> browser.present("#verify-result") && !browser.present("#verify-running"));
        assertThat(browser.find("#verify-result").getAttribute("data-valid")).isEqualTo("true");
        assertThat(browser.text("#verify-result")).isEqualTo("全部一致，未发现篡改");
        JsonNode verified = api.send("auditor", "auditor-demo", HttpRequest.newBuilder(api.uri("/api/v1/ledger/verify"))
                .POST(HttpRequest.BodyPublishers.noBody())).body().transform(body -> {
                    try {
                        return LedgerHttp.JSON.readTree(body);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        assertThat(verified.path("valid").asBoolean()).isTrue();
        assertThat(Long.parseLong(browser.text("#verify-checked").replace(",", "")))
                .isLessThanOrEqualTo(verified.path("checked").asLong()).isPositive();
        browser.fullScreenshot("integrity-zh");
        browser.language("en");
        browser.fullScreenshot("integrity-en");
        browser.language("zh");
        browser.open("/console/evidence/subsidy/CS-" + run + "-0");
        assertThat(browser.text("#problem-status")).contains("403");
    }

    @Test
    @Order(61)
    void theDisciplineOfficeDownloadsAnEvidenceBundleAndTheReadIsLogged() throws Exception {
        browser.signIn("discipline", "discipline-demo");
        browser.open("/console/integrity");
        assertEveryFieldIsLabelled();
        new Select(browser.find("#evidence-kind")).selectByValue("subsidy");
        browser.find("#evidence-ref").sendKeys("CS-" + run + "-0");
        String action = browser.find("#evidence-form").getAttribute("action");
        HttpResponse<byte[]> redirect = withSession(HttpRequest.newBuilder(java.net.URI.create(
                action + "?kind=subsidy&ref=CS-" + run + "-0")).GET());
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> bundle = withSession(HttpRequest.newBuilder(api.uri(
                java.net.URI.create(location).getPath())).GET());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        JsonNode fromConsole = LedgerHttp.JSON.readTree(bundle.body());
        JsonNode fromApi = api.getJson("discipline", "discipline-demo", "/api/v1/evidence/subsidy/CS-" + run + "-0");
        assertThat(fromConsole.path("events").findValuesAsText("ledgerEventId"))
                .isEqualTo(fromApi.path("events").findValuesAsText("ledgerEventId")).isNotEmpty();
        // The access log is a view: it shows the recorded read once it has read the event.
        api.await("discipline", "discipline-demo", "/api/v1/access-log?actor=discipline&limit=1000",
                log -> log.path("items").findValuesAsText("endpoint").contains("GET /console/evidence/{kind}/{ref}"));

        // A person's bundle: the ID number goes in the form's body, and neither the URL nor the file's
        // name carries it; the bundle names the person's pseudonym, as the API's does.
        WebElement personForm = browser.find("#person-evidence-form");
        assertThat(personForm.getAttribute("method")).isEqualToIgnoringCase("post");
        String csrf = personForm.findElement(org.openqa.selenium.By.cssSelector("input[name='_csrf']"))
                .getAttribute("value");
        HttpResponse<byte[]> personBundle = withSession(HttpRequest.newBuilder(java.net.URI.create(
                        personForm.getAttribute("action")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("idNumber=" + personId + "&_csrf=" + csrf)));
        assertThat(personBundle.statusCode()).isEqualTo(200);
        JsonNode personFromApi = api.getJson("discipline", "discipline-demo", "/api/v1/evidence/person/" + personId);
        JsonNode personFromConsole = LedgerHttp.JSON.readTree(personBundle.body());
        assertThat(personFromConsole.path("subject")).isEqualTo(personFromApi.path("subject"));
        assertThat(personFromConsole.path("events").findValuesAsText("ledgerEventId"))
                .isEqualTo(personFromApi.path("events").findValuesAsText("ledgerEventId")).isNotEmpty();
        assertThat(personBundle.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment").contains(personFromApi.path("subject").path("ref").asText())
                .doesNotContain(personId);
        assertThat(personForm.getAttribute("action")).doesNotContain(personId);
        api.await("discipline", "discipline-demo", "/api/v1/access-log?actor=discipline&limit=1000",
                log -> log.path("items").findValuesAsText("endpoint").contains("POST /console/evidence/person"));

        String personAction = personForm.getAttribute("action");
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/integrity");
        assertThat(browser.present("#person-evidence-form")).isFalse();
        String auditorsCsrf = browser.find("form[action$='/console/logout'] input[name='_csrf']").getAttribute("value");
        HttpResponse<byte[]> refused = withSession(HttpRequest.newBuilder(java.net.URI.create(personAction))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("idNumber=" + personId + "&_csrf=" + auditorsCsrf)));
        assertThat(refused.statusCode()).as("an auditor's session, with its own CSRF token").isEqualTo(403);
        assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(personId);
    }

    // ---- Operations

    @Test
    @Order(70)
    void anAdministratorSeesEachViewsLagRebuildsOneAndSignsACheckpoint() throws Exception {
        browser.signIn("auditor", "auditor-demo");
        browser.open("/console/operations");
        assertThat(browser.text("#problem-status")).contains("403");

        browser.signIn("admin", "admin-demo");
        browser.open("/console");
        browser.find("#operations-link").click();
        browser.waiting().until(d -> browser.path().equals("/console/operations"));
        JsonNode projections = api.getJson("admin", "admin-demo", "/api/v1/admin/projections");
        assertThat(browser.findAll("#views tbody tr")).extracting(r -> r.getAttribute("data-view"))
                .containsExactlyInAnyOrderElementsOf(projections.path("items").findValuesAsText("name"));
        // Every view is held by the one node there is, and the page says which node answered.
        String node = projections.path("node").asText();
        assertThat(browser.text("#answering-node")).contains(node);
        assertThat(browser.findAll("#views tbody tr")).extracting(r -> r.getAttribute("data-nodes")).containsOnly(node);
        // The seal cannot be rebuilt: the page says the rebuild did not start, with the API's code.
        browser.find("#rebuild-seal").click();
        browser.waiting().until(d -> browser.present("#rebuild-refused"));
        assertThat(browser.text("#rebuild-refused")).contains("seal").contains("NOT_RESETTABLE");
        String balanceView = projections.path("items").findValuesAsText("name").stream()
                .filter(name -> name.contains("balance")).findFirst().orElseThrow();
        browser.find("#rebuild-" + balanceView).click();
        browser.waiting().until(d -> browser.present("#rebuild-started"));
        browser.waiting(LedgerHttp.CATCH_UP).until(d -> {
            browser.open("/console/operations");
            WebElement row = browser.find("tr[data-view='" + balanceView + "']");
            return "false".equals(row.getAttribute("data-replaying")) && "0".equals(row.getAttribute("data-lag"));
        });
        // Rebuilt from the store, the view answers as before.
        api.await("/api/v1/balances?fundId=" + fund, page -> page.path("items").size() == 2
                && page.path("items").get(0).path("allocated").asText().equals("1234567.80"));
        browser.fullScreenshot("operations-zh");
        browser.find("#checkpoint-now").click();
        browser.waiting().until(d -> browser.present("#checkpoint-signed"));
        JsonNode latest = api.getJson("auditor", "auditor-demo", "/api/v1/ledger/checkpoints/latest");
        assertThat(browser.text("#checkpoint-tree-size").replace(",", ""))
                .isEqualTo(latest.path("treeSize").asText());
        browser.language("en");
        browser.fullScreenshot("operations-en");
        browser.language("zh");
    }

    // ---- helpers

    private long countOpen(String severity) throws Exception {
        long count = 0;
        String cursor = null;
        do {
            JsonNode page = api.getJson("auditor", "auditor-demo", "/api/v1/alerts?status=OPEN&severity=" + severity
                    + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            count += page.path("items").size();
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return count;
    }

    static JsonNode alert(JsonNode page, String subjectRef) {
        for (JsonNode alert : page.path("items")) {
            if (alert.path("subject").path("ref").asText().equals(subjectRef)) {
                return alert;
            }
        }
        return null;
    }

    private WebElement row(String table, String firstCellStart) {
        return browser.findAll(table + " tbody tr").stream()
                .filter(r -> r.findElement(org.openqa.selenium.By.cssSelector("th")).getText().startsWith(firstCellStart))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + firstCellStart + " in " + table));
    }

    /** An API time as the console writes it: the Asia/Shanghai wall clock to the second. */
    private static String wallClock(String apiTime) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(java.time.OffsetDateTime.parse(apiTime).atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")));
    }

    /** The page's balance table holds exactly the API's rows for the same filters, in its order. */
    private void assertTableMatchesTheApi(String apiPath) throws Exception {
        JsonNode page = api.getJson("auditor", "auditor-demo", apiPath);
        List<WebElement> rows = browser.findAll("#balances tbody tr[data-fund]");
        assertThat(rows).hasSize(page.path("items").size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode item = page.path("items").get(i);
            assertThat(rows.get(i).getAttribute("data-fund")).isEqualTo(item.path("fundId").asText());
            assertThat(rows.get(i).getAttribute("data-region")).isEqualTo(item.path("regionCode").asText());
            List<String> shown = cells(rows.get(i)).subList(1, 8);
            List<String> expected = new ArrayList<>();
            for (String figure : List.of("allocated", "reclaimed", "granted", "reversed", "committed", "paid", "available")) {
                expected.add(new java.text.DecimalFormat("#,##0.00", java.text.DecimalFormatSymbols.getInstance(
                        java.util.Locale.ROOT)).format(new java.math.BigDecimal(item.path(figure).asText())));
            }
            assertThat(shown).isEqualTo(expected);
        }
    }

    /** A request in the browser's session (its cookie), as a download would be made. */
    private HttpResponse<byte[]> withSession(HttpRequest.Builder request) throws Exception {
        String session = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();
        return java.net.http.HttpClient.newHttpClient().send(request.header("Cookie", "JSESSIONID=" + session).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(org.openqa.selenium.By.cssSelector("td")).stream().map(WebElement::getText).toList();
    }

    /** Every form field has a label naming it ({@code <label for>}); buttons and hidden fields need none. */
    private void assertEveryFieldIsLabelled() {
        for (WebElement field : browser.findAll("input, select, textarea")) {
            String type = field.getAttribute("type");
            if ("hidden".equals(type) || "submit".equals(type)) {
                continue;
            }
            String id = field.getAttribute("id");
            assertThat(id).as("a field without an id: " + field.getAttribute("name")).isNotBlank();
            assertThat(browser.findAll("label[for='" + id + "']")).as("label for " + id).isNotEmpty();
        }
    }

    /**
     * Every script, style and image the page loaded came from the ledger itself, and the page's
     * Content-Security-Policy refused nothing it tried (a refusal would mean a part of the page that
     * does not work).
     */
    private void assertEverythingCameFromTheLedger() {
        // A message of our own proves the browser's console is being read at all.
        browser.script("console.warn('console-probe');");
        List<String> messages = browser.consoleMessages();
        assertThat(messages).anyMatch(message -> message.contains("console-probe"))
                .noneMatch(message -> message.contains("Content Security Policy"));
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
        assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:" + port + "/"));
    }
}
