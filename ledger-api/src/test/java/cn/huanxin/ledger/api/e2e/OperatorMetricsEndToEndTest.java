package cn.huanxin.ledger.api.e2e;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator on a port of its own, as an operator runs it behind Prometheus: there the scrape and
 * the probes need no credentials, while the API's port serves no actuator endpoint; and the scrape
 * shows what an operator watches — refusals by status and code (a whole request refused and each
 * refused event of a batch counted once), batch sizes, each view's lag in events and seconds and its
 * rebuild, the seal's lag and checkpoint age, verification, investigations and alerts by rule.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "ledger.metrics.sample-every=200ms"})
@ActiveProfiles("e2e")
// Spring Boot's tests leave the Prometheus registry out unless asked for it; this test is about it.
@AutoConfigureObservability(tracing = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OperatorMetricsEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-metrics-");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Order(1)
    void theManagementPortAnswersWithoutCredentialsAndTheApiPortServesNoActuator() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(management("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(management("/actuator/health/readiness").statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = management("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("ledger_view_lag_events{view=\"balance\"}",
                "ledger_view_lag_seconds{view=\"fraud\"}", "ledger_view_rebuild_progress{view=\"seal\"}",
                "ledger_seal_lag_events", "ledger_seal_checkpoint_age_seconds", "ledger_verify_progress",
                "ledger_investigations_queued", "ledger_investigations_running",
                "ledger_alerts_raised_total{rule=\"R01\",severity=\"HIGH\"} 0.0", "hikaricp_connections_active",
                "jvm_memory_used_bytes");
        assertThat(scrape.body()).as("no counters of log events: their turbo filter runs on every log call")
                .doesNotContain("logback_events_total");
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory())
                .getTurboFilterList()).as("logback's turbo filters").noneMatch(
                        filter -> filter.getClass().getName().startsWith("io.micrometer."));

        assertThat(api("GET", "/actuator/prometheus", null, null).statusCode()).as("no credentials").isEqualTo(401);
        assertThat(api("GET", "/actuator/prometheus", "admin:admin-demo", null).statusCode())
                .as("not served on the API's port").isEqualTo(404);
    }

    @Test
    @Order(2)
    void refusalsAreCountedByStatusAndCodeOnceEach() throws Exception {
        double unauthorized = value("ledger_refusals_total{code=\"unauthorized\",status=\"401\"}");
        double invalid = value("ledger_refusals_total{code=\"invalid-request\",status=\"400\"}");
        double unknownStream = value("ledger_refusals_total{code=\"UNKNOWN_STREAM\",status=\"422\"}");
        double forbidden = value("ledger_refusals_total{code=\"FORBIDDEN\",status=\"403\"}");
        double batches = value("ledger_ingest_batch_events_count");
        double batchEvents = value("ledger_ingest_batch_events_sum");

        assertThat(api("GET", "/api/v1/balances", null, null).statusCode()).isEqualTo(401);
        assertThat(api("GET", "/api/v1/balances", "platform:platform-demo", null).statusCode()).isEqualTo(403);
        HttpResponse<String> invalidPost = api("POST", "/api/v1/events", "platform:platform-demo",
                "{\"eventId\":\"M-1\"}");
        assertThat(invalidPost.statusCode()).isEqualTo(400);
        // the advice that counts a problem also names it by the request's id, never by its path
        assertThat(invalidPost.body()).contains("\"instance\":\"urn:huanxin-ledger:request:"
                + invalidPost.headers().firstValue("X-Request-Id").orElseThrow() + "\"");
        String paid = example("SubsidyPaid").replace("EX-", "M-");
        HttpResponse<String> batch = api("POST", "/api/v1/events/batch", "platform:platform-demo",
                "[" + example("FundOpened").replace("EX-", "M-") + "," + paid + "]");
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body()).contains("\"status\":201", "UNKNOWN_STREAM");

        assertThat(value("ledger_refusals_total{code=\"unauthorized\",status=\"401\"}") - unauthorized).isEqualTo(1);
        assertThat(value("ledger_refusals_total{code=\"FORBIDDEN\",status=\"403\"}") - forbidden).isEqualTo(1);
        assertThat(value("ledger_refusals_total{code=\"invalid-request\",status=\"400\"}") - invalid).isEqualTo(1);
        assertThat(value("ledger_refusals_total{code=\"UNKNOWN_STREAM\",status=\"422\"}") - unknownStream)
                .as("the refused event of the batch").isEqualTo(1);
        assertThat(value("ledger_ingest_batch_events_count") - batches).isEqualTo(1);
        assertThat(value("ledger_ingest_batch_events_sum") - batchEvents).isEqualTo(2);
    }

    @Test
    @Order(3)
    void theViewsAndTheSealCatchUpAndSaySo() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String scrape = "";
        while (System.nanoTime() < deadline) {
            scrape = management("/actuator/prometheus").body();
            // the gauges are sampled in the background: the checkpoint's age is known from the first
            // sample after the seal signed it
            if (allZero(scrape, "ledger_view_lag_events") && value(scrape, "ledger_seal_lag_events") == 0
                    && !Double.isNaN(value(scrape, "ledger_seal_checkpoint_age_seconds"))) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(allZero(scrape, "ledger_view_lag_events")).as(scrape).isTrue();
        assertThat(value(scrape, "ledger_view_lag_seconds{view=\"balance\"}")).isZero();
        assertThat(value(scrape, "ledger_view_rebuild_progress{view=\"balance\"}")).isEqualTo(1);
        assertThat(value(scrape, "ledger_seal_lag_events")).as("the recorded event is under a checkpoint").isZero();
        assertThat(value(scrape, "ledger_seal_checkpoint_age_seconds")).isBetween(0.0, 60.0);
    }

    @Test
    @Order(4)
    void aVerificationReportsItsProgress() throws Exception {
        assertThat(api("POST", "/api/v1/ledger/verify", "auditor:auditor-demo", "").statusCode()).isEqualTo(200);
        assertThat(value("ledger_verify_progress")).isEqualTo(1);
        assertThat(value("ledger_verify_checked")).isGreaterThanOrEqualTo(1);
    }

    private static boolean allZero(String scrape, String metric) {
        Matcher lines = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{[^}]*} (\\S+)$").matcher(scrape);
        int found = 0;
        while (lines.find()) {
            found++;
            if (Double.parseDouble(lines.group(1)) != 0) {
                return false;
            }
        }
        return found > 0;
    }

    private double value(String series) throws Exception {
        return value(management("/actuator/prometheus").body(), series);
    }

    /** The value of one series in a scrape; 0 when the series is not there yet (a counter not yet used). */
    private static double value(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private static String example(String type) throws Exception {
        return Files.readString(Path.of("..", "docs", "examples", type + ".json"), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> management(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String credentials, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
