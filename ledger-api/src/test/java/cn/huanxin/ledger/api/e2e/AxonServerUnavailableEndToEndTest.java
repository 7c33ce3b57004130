package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The axonserver profile with no Axon Server listening: the connector points at a port of this
 * machine that nothing listens on, so no test reaches another host. The ledger must start within a
 * bounded time, report the Axon Server connection DOWN in its health, answer every posted event with
 * 503 and {@code Retry-After} without storing a receipt, and keep answering the read endpoints from
 * its views. Subclasses choose the database of the views (H2 or PostgreSQL).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class AxonServerUnavailableEndToEndTest {

    /** Longer than a start of the ledger on this machine takes, far shorter than a hung connect. */
    static final Duration START_LIMIT = Duration.ofSeconds(90);
    /** A post must give up on the missing server within the connector's timeouts, not hang. */
    static final Duration POST_LIMIT = Duration.ofSeconds(20);

    static final ObjectMapper JSON = new ObjectMapper();

    /** When the test properties were asked for, that is just before the application context starts. */
    private static volatile long contextRequestedAt;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Duration startup;

    /**
     * Points the connector at 127.0.0.1 on a port that was free a moment ago: connections are refused
     * at once, as when Axon Server is down, and nothing leaves the machine.
     */
    static void registerUnreachableAxonServer(DynamicPropertyRegistry registry) {
        contextRequestedAt = System.nanoTime();
        int unusedPort = unusedPort();
        registry.add("axon.axonserver.servers", () -> "127.0.0.1:" + unusedPort);
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void measureStartup() {
        startup = Duration.ofNanos(System.nanoTime() - contextRequestedAt);
    }

    @Test
    void startsWithinBoundedTime() {
        assertThat(startup).as("start-up took %s", startup).isLessThan(START_LIMIT);
    }

    @Test
    void healthReportsAxonServerDown() throws Exception {
        HttpResponse<String> health = get(null, "/actuator/health");
        JsonNode body = JSON.readTree(health.body());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("components").path("axonServer").path("status").asText()).as(health.body())
                .isEqualTo("DOWN");
        assertThat(body.path("components").path("db").path("status").asText()).as(health.body()).isEqualTo("UP");
        // Only statuses are shown; the connection details stay hidden from anonymous callers.
        assertThat(body.path("components").path("axonServer").has("details")).isFalse();

        HttpResponse<String> component = get(null, "/actuator/health/axonServer");
        assertThat(component.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(component.body()).path("status").asText()).isEqualTo("DOWN");

        // Restarting the ledger would not bring Axon Server back, and the views still answer.
        assertThat(get(null, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(null, "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void singlePostAnswers503WithRetryAfterAndRecordsNothing() throws Exception {
        long receiptsBefore = receipts();
        long started = System.nanoTime();
        HttpResponse<String> response = post("/api/v1/events", fundOpened());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertUnavailable(response);
        assertThat(took).as("the post took %s", took).isLessThan(POST_LIMIT);
        assertThat(receipts()).isEqualTo(receiptsBefore);
    }

    @Test
    void batchPostAnswers503WithRetryAfterAndRecordsNothing() throws Exception {
        long receiptsBefore = receipts();
        HttpResponse<String> response = post("/api/v1/events/batch", "[" + fundOpened() + "," + fundOpened() + "]");

        assertUnavailable(response);
        assertThat(receipts()).isEqualTo(receiptsBefore);
    }

    @Test
    void balancesAnswerFromTheViewsWithoutAxonServer() throws Exception {
        HttpResponse<String> balances = get("auditor:auditor-demo", "/api/v1/balances");
        assertThat(balances.statusCode()).as(balances.body()).isEqualTo(200);
        assertThat(JSON.readTree(balances.body()).path("items").isArray()).as(balances.body()).isTrue();
    }

    @Test
    void projectionStatusAnswersFromTheTokenStoreWithoutAxonServer() throws Exception {
        HttpResponse<String> status = get("admin:admin-demo", "/api/v1/admin/projections");
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(status.body());
        assertThat(body.path("items").findValuesAsText("name")).contains("balance", "fraud", "seal");
        // Axon Server alone knows the head of its store: no lag is made up without it.
        assertThat(body.path("items").get(0).path("head").isNull()).as(status.body()).isTrue();
        assertThat(body.path("items").get(0).path("lag").isNull()).as(status.body()).isTrue();
        assertThat(body.path("nodes").findValuesAsText("nodeId")).contains(body.path("node").asText());
    }

    @Test
    void viewsSchemaWasMigrated() {
        // Flyway names its table and columns in lower case, quoted, on both databases.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE NOT \"success\"",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\"", Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'",
                Long.class)).isEqualTo(1);
    }

    private static void assertUnavailable(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asText()).contains("event store is unavailable");
    }

    private long receipts() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM ingest_receipt", Long.class);
        return count == null ? 0 : count;
    }

    /** A stream-creating event with a fresh id, so that no earlier post could answer it. */
    private static String fundOpened() {
        String token = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        return """
                {"eventId":"AS-%s","type":"FundOpened","occurredAt":"2024-07-26T10:00:00+08:00",
                 "payload":{"fundId":"HA-2024-AS-%s","name":"Axon Server test fund","year":2024,
                 "scheme":"CONSUMER_TRADE_IN","source":"CENTRAL_BOND","regionCode":"320800",
                 "documentNo":"HCJ-2024-118"}}""".formatted(token, token);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path, "platform:platform-demo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String credentials, String path) throws Exception {
        return http.send(request(path, credentials).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }
}
