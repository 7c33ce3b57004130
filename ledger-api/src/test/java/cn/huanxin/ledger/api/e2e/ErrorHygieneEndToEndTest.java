package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a source can make the ledger say and log: a 422 is one log line, not a stack trace; a 400
 * names its field, query parameters included; a duplicated JSON key is named; the open endpoints
 * answer whatever credentials come with the request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ErrorHygieneEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-hygiene-");
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void a422IsOneLogLineWithoutAStackTrace(CapturedOutput output) throws Exception {
        String token = ValidIds.token();
        String payment = """
                {"eventId":"HY-%s","type":"SubsidyPaid","occurredAt":"2024-09-01T10:15:00+08:00",
                 "payload":{"subsidyId":"S-NONE-%s","paymentId":"P-1","amount":"10.00","paidOn":"2024-09-01",
                 "payeeAccount":"6222020200112233445"}}""".formatted(token, token);
        int before = output.getAll().length();
        HttpResponse<String> refused = send("platform", "POST", "/api/v1/events", payment, "application/json");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("UNKNOWN_STREAM");
        String logged = output.getAll().substring(before);
        assertThat(logged.lines().filter(l -> l.contains("422 UNKNOWN_STREAM")).count()).isEqualTo(1);
        assertThat(logged).doesNotContain("AggregateNotFoundException").doesNotContain("\tat ")
                .doesNotContain("6222020200112233445");
    }

    @Test
    void every400NamesItsFieldQueryParametersIncluded() throws Exception {
        // not a text of hexadecimal digits: the answer's request id (a UUID) may contain any such text
        JsonNode limit = JSON.readTree(send("auditor", "GET", "/api/v1/balances?limit=xyz", null, null).body());
        assertThat(limit.get("status").asInt()).isEqualTo(400);
        assertThat(limit.at("/errors/0/field").asText()).isEqualTo("limit");
        assertThat(limit.toString()).doesNotContain("xyz");
        JsonNode year = JSON.readTree(send("auditor", "GET", "/api/v1/targets?year=twenty", null, null).body());
        assertThat(year.at("/errors/0/field").asText()).isEqualTo("year");
        JsonNode cursor = JSON.readTree(send("auditor", "GET", "/api/v1/alerts?cursor=not-a-cursor", null, null).body());
        assertThat(cursor.get("status").asInt()).isEqualTo(400);
        assertThat(cursor.get("errors")).isNotNull();
    }

    @Test
    void aDuplicatedKeyIsNamed() throws Exception {
        String twice = """
                {"eventId":"A","eventId":"B","type":"FundOpened","occurredAt":"2024-09-01T10:15:00+08:00","payload":{}}""";
        JsonNode top = JSON.readTree(send("platform", "POST", "/api/v1/events", twice, "application/json").body());
        assertThat(top.get("status").asInt()).isEqualTo(400);
        assertThat(top.get("detail").asText()).isEqualTo("the body names \"eventId\" twice");
        assertThat(top.at("/errors/0/field").asText()).isEqualTo("eventId");
        String nested = """
                {"eventId":"A","type":"FundOpened","occurredAt":"2024-09-01T10:15:00+08:00","payload":{"fundId":"X","fundId":"Y"}}""";
        JsonNode inner = JSON.readTree(send("platform", "POST", "/api/v1/events", nested, "application/json").body());
        assertThat(inner.at("/errors/0/field").asText()).isEqualTo("payload.fundId");
        JsonNode line = JSON.readTree(send("platform", "POST", "/api/v1/events/batch", nested + "\n",
                "application/x-ndjson").body());
        assertThat(line.at("/results/0/status").asInt()).isEqualTo(400);
        assertThat(line.at("/results/0/problem/detail").asText()).isEqualTo("the line names \"fundId\" twice");
    }

    @Test
    void openEndpointsAnswerWhateverCredentialsComeAlong() throws Exception {
        assertThat(send("nobody", "GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("auditor-wrong", "GET", "/api/v1/ledger/public-key", null, null).statusCode()).isEqualTo(200);
        assertThat(send("auditor-wrong", "GET", "/api/v1/ledger/public-keys", null, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String client, String method, String path, String body, String contentType)
            throws Exception {
        String password = client.endsWith("-wrong") || client.equals("nobody") ? "not-it" : client + "-demo";
        String name = client.replace("-wrong", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (name + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
