package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log of sensitive reads end to end: a person's trace, an evidence bundle, an
 * investigation and the history of a person-bearing stream are each recorded, before they are
 * served, as a sealed event naming who read which subject (a person by pseudonym only); other reads
 * are not; the discipline office and the operators list them (paged, CSV), auditors may not; and
 * a read removed from the event store is named by verification.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AccessLogEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-access-");
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PERSON = ValidIds.idNumber();
    private static final String VIN = ValidIds.vin();

    @Test
    @Order(1)
    void sensitiveReadsAreRecordedWithPseudonymsAndOtherReadsAreNot() throws Exception {
        ObjectNode scrap = (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "docs", "examples",
                "VehicleScrapped.json")));
        scrap.put("eventId", "ACC-" + ValidIds.token());
        ((ObjectNode) scrap.get("payload")).put("vin", VIN);
        ((ObjectNode) scrap.get("payload").get("owner")).put("idNumber", PERSON);
        assertThat(send("platform", "POST", "/api/v1/events", scrap.toString()).statusCode()).isEqualTo(201);
        // The views follow the store on their own threads: wait until the vehicle's chain is traced
        // (a vehicle's trace is no sensitive read, so the wait records nothing).
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (send("auditor", "GET", "/api/v1/trace/vehicle/" + VIN, null).statusCode() != 200) {
            assertThat(System.nanoTime()).as("the vehicle is traced within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }

        assertThat(send("discipline", "GET", "/api/v1/trace/person/" + PERSON, null).statusCode()).isIn(200, 404);
        assertThat(send("auditor", "GET", "/api/v1/history/vehicle:" + VIN, null).statusCode()).isEqualTo(200);
        assertThat(send("discipline", "GET", "/api/v1/evidence/vehicle/" + VIN, null).statusCode()).isEqualTo(200);
        assertThat(send("discipline", "GET", "/api/v1/investigations/no-such", null).statusCode()).isEqualTo(404);
        // not sensitive: a fund's history, a subsidy trace, balances; refused: an auditor's person look-up
        send("auditor", "GET", "/api/v1/trace/vehicle/" + VIN, null);
        send("auditor", "GET", "/api/v1/balances", null);
        assertThat(send("auditor", "GET", "/api/v1/trace/person/" + PERSON, null).statusCode()).isEqualTo(403);
        // an ID number that fails its check is no read
        assertThat(send("discipline", "GET", "/api/v1/trace/person/" + ValidIds.badIdNumber(PERSON), null)
                .statusCode()).isEqualTo(400);

        List<JsonNode> log = awaitEntries(4);
        assertThat(log).hasSize(4);
        assertThat(log.stream().map(e -> e.get("endpoint").asText()).toList()).containsExactly(
                "GET /api/v1/trace/{kind}/{ref}", "GET /api/v1/history/{streamId}", "GET /api/v1/evidence/{kind}/{ref}",
                "GET /api/v1/investigations/{id}");
        JsonNode person = log.get(0);
        assertThat(person.get("actor").asText()).isEqualTo("discipline");
        assertThat(person.at("/subject/kind").asText()).isEqualTo("person");
        assertThat(person.at("/subject/ref").asText()).matches("[0-9a-f]{64}");
        assertThat(log.get(1).get("actor").asText()).isEqualTo("auditor");
        assertThat(log.get(1).at("/subject/ref").asText()).isEqualTo("vehicle:" + VIN);
        assertThat(log.get(2).at("/subject/kind").asText()).isEqualTo("vehicle");
        assertThat(log.get(3).at("/subject/ref").asText()).isEqualTo("no-such");
        log.forEach(entry -> assertThat(entry.get("ledgerEventId").asText()).isNotBlank());
    }

    @Test
    @Order(2)
    void theDisciplineOfficeAndTheOperatorsListIt() throws Exception {
        HttpResponse<String> all = send("admin", "GET", "/api/v1/access-log?limit=2", null);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).doesNotContain(PERSON);
        JsonNode page = JSON.readTree(all.body());
        assertThat(page.get("items")).hasSize(2);
        HttpResponse<String> next = send("admin", "GET", "/api/v1/access-log?limit=2&cursor="
                + page.get("nextCursor").asText(), null);
        assertThat(JSON.readTree(next.body()).get("items")).hasSize(2);
        assertThat(send("auditor", "GET", "/api/v1/access-log", null).statusCode()).isEqualTo(403);
        assertThat(send("platform", "GET", "/api/v1/access-log", null).statusCode()).isEqualTo(403);
        HttpResponse<String> persons = send("discipline", "GET", "/api/v1/access-log?kind=person&actor=discipline", null);
        assertThat(JSON.readTree(persons.body()).get("items")).hasSize(1);
        HttpResponse<String> csv = send("discipline", "GET", "/api/v1/access-log", null, "text/csv");
        assertThat(csv.body()).startsWith("\uFEFFat,actor,endpoint,subject.kind,subject.ref,ledgerEventId\r\n");
        assertThat(send("discipline", "GET", "/api/v1/access-log?from=yesterday", null).body())
                .contains("\"field\":\"from\"");
        assertThat(JSON.readTree(send("discipline", "GET", "/api/v1/access-log?to=2000-01-01", null).body())
                .get("items")).isEmpty();
    }

    @Test
    @Order(3)
    void aReadRemovedFromTheStoreIsNamedByVerification() throws Exception {
        JsonNode first = awaitEntries(4).get(0);
        String ledgerEventId = first.get("ledgerEventId").asText();
        Long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, ledgerEventId);
        // wait until the seal has taken the read as a leaf
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.queryForObject("SELECT COUNT(*) FROM seal_leaf WHERE position = ?", Long.class, position) == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        JsonNode clean = JSON.readTree(send("auditor", "POST", "/api/v1/ledger/verify", null).body());
        assertThat(clean.get("valid").asBoolean()).isTrue();

        jdbc.execute("DROP TRIGGER domain_event_entry_append_only");
        jdbc.update("DELETE FROM domain_event_entry WHERE event_identifier = ?", ledgerEventId);
        JsonNode verified = JSON.readTree(send("auditor", "POST", "/api/v1/ledger/verify", null).body());
        assertThat(verified.get("valid").asBoolean()).isFalse();
        assertThat(verified.at("/firstMismatch/position").asLong()).isEqualTo(position);
        assertThat(verified.at("/firstMismatch/reason").asText()).contains("missing from the store");
    }

    private List<JsonNode> awaitEntries(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<JsonNode> items = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            items.clear();
            JSON.readTree(send("discipline", "GET", "/api/v1/access-log", null).body()).get("items").forEach(items::add);
            // the discipline office's own listing is no sensitive read: it is not in the log
            if (items.size() >= count) {
                return items;
            }
            Thread.sleep(100);
        }
        return items;
    }

    private HttpResponse<String> send(String client, String method, String path, String body) throws Exception {
        return send(client, method, path, body, "application/json");
    }

    private HttpResponse<String> send(String client, String method, String path, String body, String accept)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", accept)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (client + ":" + client + "-demo").getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
