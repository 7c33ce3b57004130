package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fraud alerts end to end: planted cases posted through the batch API raise their alerts with the
 * right subject and evidence, a disposition is recorded as an event and the alert's status follows
 * it, and after the fraud view is rebuilt from the event store the alert comes back with the same
 * id and the same status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class FraudEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CATCH_UP = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = ValidIds.token();
    String invoiceAlertId;
    private List<String> grantIds;

    @Test
    @Order(1)
    void invoiceReuseAndOverPaymentRaiseAlertsWithTheirEvidence() throws Exception {
        String fund = "FF-" + run;
        List<ObjectNode> events = new ArrayList<>();
        events.add(envelope("FundOpened", "2024-08-01T09:00:00+08:00", Map.of("fundId", fund, "name", "fund",
                "year", 2024, "scheme", "CONSUMER_TRADE_IN", "source", "CENTRAL_BOND", "regionCode", "320800",
                "documentNo", "D")));
        events.add(envelope("FundAllocated", "2024-08-01T10:00:00+08:00", Map.of("fundId", fund,
                "allocationId", "A-" + run, "regionCode", "320812", "amount", "100000.00", "documentNo", "D")));
        String invoice = "INV-" + run;
        for (int i = 0; i < 2; i++) {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("subsidyId", "FS-" + run + "-" + i);
            grant.put("fundId", fund);
            grant.put("regionCode", "320812");
            grant.put("programme", "APPLIANCE");
            grant.put("beneficiary", Map.of("kind", "PERSON", "idNumber", ValidIds.idNumber()));
            grant.put("product", Map.of("category", i == 0 ? "TV" : "REFRIGERATOR", "brand", "海信", "model", "M" + i,
                    "serialNo", "SN-" + run + "-" + i, "energyGrade", 1, "price", "1000.00"));
            grant.put("invoiceNo", invoice);
            grant.put("amount", "200.00");
            events.add(envelope("SubsidyGranted", "2024-09-0" + (i + 1) + "T10:00:00+08:00", grant));
        }
        events.add(envelope("SubsidyPaid", "2024-09-05T10:00:00+08:00", Map.of("subsidyId", "FS-" + run + "-0",
                "paymentId", "P-" + run, "amount", "250.00", "paidOn", "2024-09-05",
                "payeeAccount", ValidIds.payeeAccount())));
        List<JsonNode> receipts = post(events);
        grantIds = List.of(receipts.get(2).path("ledgerEventId").asText(), receipts.get(3).path("ledgerEventId").asText());

        JsonNode invoiceAlert = awaitAlert("R10", a -> a.path("subject").path("ref").asText().equals(invoice));
        assertThat(invoiceAlert.path("subject").path("kind").asText()).isEqualTo("invoice");
        assertThat(invoiceAlert.path("severity").asText()).isEqualTo("HIGH");
        assertThat(invoiceAlert.path("status").asText()).isEqualTo("OPEN");
        List<String> evidence = new ArrayList<>();
        invoiceAlert.path("evidence").forEach(e -> evidence.add(e.asText()));
        assertThat(evidence).containsExactlyInAnyOrderElementsOf(grantIds);
        assertThat(invoiceAlert.path("evidenceCount").asLong()).isEqualTo(grantIds.size());
        invoiceAlertId = invoiceAlert.path("alertId").asText();

        JsonNode overPayment = awaitAlert("R18", a -> a.path("subject").path("ref").asText().equals("FS-" + run + "-0"));
        assertThat(overPayment.path("subject").path("kind").asText()).isEqualTo("subsidy");
    }

    @Test
    @Order(2)
    void dispositionIsRecordedAsAnEventAndTheStatusFollows() throws Exception {
        HttpResponse<String> refused = send("auditor", "auditor-demo", HttpRequest.newBuilder(
                uri("/api/v1/alerts/" + invoiceAlertId + "/disposition")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"disposition\":\"MAYBE\"}")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(send("auditor", "auditor-demo", HttpRequest.newBuilder(uri("/api/v1/alerts/0000/disposition"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"disposition\":\"DISMISSED\",\"reason\":\"x\"}")))
                .statusCode()).isEqualTo(404);
        assertThat(send("platform", "platform-demo", HttpRequest.newBuilder(
                uri("/api/v1/alerts/" + invoiceAlertId + "/disposition")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"disposition\":\"DISMISSED\",\"reason\":\"x\"}")))
                .statusCode()).isEqualTo(403);

        HttpResponse<String> recorded = send("auditor", "auditor-demo", HttpRequest.newBuilder(
                uri("/api/v1/alerts/" + invoiceAlertId + "/disposition")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"disposition\":\"CONFIRMED\",\"reason\":\"两份补贴共用一张发票 one invoice, two claims\"}")));
        assertThat(recorded.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(recorded.body()).path("receipt").path("streamId").asText())
                .isEqualTo("alert:" + invoiceAlertId);
        JsonNode confirmed = awaitAlert("R10", a -> a.path("alertId").asText().equals(invoiceAlertId)
                && a.path("status").asText().equals("CONFIRMED"));
        assertThat(confirmed.path("dispositionedBy").asText()).isEqualTo("auditor");
        JsonNode history = JSON.readTree(get("auditor", "auditor-demo", "/api/v1/history/alert:" + invoiceAlertId).body());
        assertThat(history.path("events").get(0).path("type").asText()).isEqualTo("AlertDispositioned");
    }

    @Test
    @Order(3)
    void alertsAndDispositionsSurviveARebuildOfTheView() throws Exception {
        StreamingEventProcessor fraud = processing.eventProcessor("fraud", StreamingEventProcessor.class).orElseThrow();
        fraud.shutDown();
        fraud.resetTokens();
        fraud.start();
        JsonNode rebuilt = awaitAlert("R10", a -> a.path("alertId").asText().equals(invoiceAlertId)
                && a.path("status").asText().equals("CONFIRMED"));
        List<String> evidence = new ArrayList<>();
        rebuilt.path("evidence").forEach(e -> evidence.add(e.asText()));
        assertThat(evidence).containsExactlyInAnyOrderElementsOf(grantIds);
    }

    @Test
    @Order(4)
    void ruleCatalogueListsAllTwentyFourRulesWithParameters() throws Exception {
        JsonNode rules = JSON.readTree(get("auditor", "auditor-demo", "/api/v1/rules").body()).path("items");
        assertThat(rules).hasSize(24);
        assertThat(rules.get(0).path("ruleId").asText()).isEqualTo("R01");
        assertThat(rules.get(7).path("parameters").path("window-days").asText()).isEqualTo("7");
        assertThat(rules.get(21).path("parameters").path("lookback-days").asText()).isEqualTo("90");
        assertThat(rules.get(23).path("ruleId").asText()).isEqualTo("R24");
        HttpResponse<String> csv = send("auditor", "auditor-demo", HttpRequest.newBuilder(uri("/api/v1/alerts"))
                .header("Accept", "text/csv").GET());
        assertThat(csv.body()).startsWith("\uFEFFalertId,ruleId,severity,status,subject.kind,subject.ref,");
        assertThat(csv.body()).doesNotContain("{kind=");
    }

    @Test
    @Order(5)
    void aMerchantsBurstDayIsListedInItsEnterpriseTrace() throws Exception {
        String fund = "FM-" + run;
        String merchant = ValidIds.enterpriseId();
        String quiet = ValidIds.enterpriseId();
        List<ObjectNode> events = new ArrayList<>();
        events.add(envelope("FundOpened", "2024-08-01T09:00:00+08:00", Map.of("fundId", fund, "name", "fund",
                "year", 2024, "scheme", "CONSUMER_TRADE_IN", "source", "CENTRAL_BOND", "regionCode", "320800",
                "documentNo", "D")));
        events.add(envelope("FundAllocated", "2024-08-01T10:00:00+08:00", Map.of("fundId", fund,
                "allocationId", "AM-" + run, "regionCode", "320812", "amount", "100000.00", "documentNo", "D")));
        for (String enterprise : List.of(merchant, quiet)) {
            events.add(envelope("EnterpriseRegistered", "2024-08-01T11:00:00+08:00", Map.of("enterpriseId", enterprise,
                    "name", "淮安市家电商行", "roles", List.of("DEALER"), "regionCode", "320812")));
        }
        // R24: 20 grants on one day by a merchant with no grants in the 28 days before (N 20, k 5).
        for (int i = 0; i < 20; i++) {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("subsidyId", "FB-" + run + "-" + i);
            grant.put("fundId", fund);
            grant.put("regionCode", "320812");
            grant.put("programme", "APPLIANCE");
            grant.put("beneficiary", Map.of("kind", "PERSON", "idNumber", ValidIds.idNumber()));
            grant.put("merchantId", merchant);
            grant.put("product", Map.of("category", "TV", "brand", "海信", "model", "B" + i,
                    "serialNo", "SNB-" + run + "-" + i, "energyGrade", 1, "price", "1000.00"));
            grant.put("amount", "150.00");
            events.add(envelope("SubsidyGranted", "2024-09-10T10:%02d:00+08:00".formatted(i), grant));
        }
        post(events);
        JsonNode burst = awaitAlert("R24", a -> a.path("subject").path("ref").asText().equals(merchant + "|2024-09-10"));
        assertThat(burst.path("subject").path("kind").asText()).isEqualTo("merchant-day");
        // Alerts by the day they were raised: the day of their raisedAt (the fraud view's business time
        // when it raised them) in Asia/Shanghai holds it, the next day does not; a time bound is exclusive.
        java.time.OffsetDateTime raisedAt = java.time.OffsetDateTime.parse(burst.path("raisedAt").asText());
        String day = raisedAt.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        String next = java.time.LocalDate.parse(day).plusDays(1).toString();
        String id = burst.path("alertId").asText();
        assertThat(alertIds("/api/v1/alerts?ruleId=R24&from=" + day + "&to=" + day)).contains(id);
        assertThat(alertIds("/api/v1/alerts?ruleId=R24&from=" + next)).doesNotContain(id);
        assertThat(alertIds("/api/v1/alerts?ruleId=R24&to=" + java.net.URLEncoder.encode(raisedAt.toString(),
                java.nio.charset.StandardCharsets.UTF_8))).doesNotContain(id);
        assertThat(alertIds("/api/v1/alerts?ruleId=R24&from=" + java.net.URLEncoder.encode(raisedAt.toString(),
                java.nio.charset.StandardCharsets.UTF_8))).contains(id);
        HttpResponse<String> bad = get("auditor", "auditor-demo", "/api/v1/alerts?from=yesterday");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("from");

        // The traces are the supervision view's, which follows the stream on its own: the alert above
        // says nothing about how far it has come, so each trace is waited for.
        JsonNode trace = awaitTrace("/api/v1/trace/enterprise/" + merchant);
        assertThat(trace.path("alerts").findValuesAsText("alertId")).containsExactly(burst.path("alertId").asText());
        assertThat(trace.path("alerts").get(0).path("ruleId").asText()).isEqualTo("R24");
        assertThat(trace.path("alerts").get(0).path("evidenceCount").asLong()).isEqualTo(20);
        // Another merchant's trace lists none of them; a trace of another kind has no alerts field.
        JsonNode other = awaitTrace("/api/v1/trace/enterprise/" + quiet);
        assertThat(other.path("alerts").isArray()).isTrue();
        assertThat(other.path("alerts")).isEmpty();
        JsonNode subsidy = awaitTrace("/api/v1/trace/subsidy/FB-" + run + "-0");
        assertThat(subsidy.has("alerts")).isFalse();
    }

    // ---- helpers

    private List<String> alertIds(String path) throws Exception {
        HttpResponse<String> page = get("auditor", "auditor-demo", path + "&limit=1000");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return JSON.readTree(page.body()).path("items").findValuesAsText("alertId");
    }

    JsonNode awaitAlert(String ruleId, Predicate<JsonNode> wanted) throws Exception {
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (Instant.now().isBefore(deadline)) {
            String cursor = null;
            do {
                JsonNode page = JSON.readTree(get("auditor", "auditor-demo", "/api/v1/alerts?ruleId=" + ruleId
                        + "&limit=200" + (cursor == null ? "" : "&cursor=" + cursor)).body());
                for (JsonNode alert : page.path("items")) {
                    if (wanted.test(alert)) {
                        return alert;
                    }
                }
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            } while (cursor != null);
            Thread.sleep(250);
        }
        throw new AssertionError("no " + ruleId + " alert as wanted within " + CATCH_UP);
    }

    /** The trace at {@code path} once the supervision view holds its subject (404 until then). */
    private JsonNode awaitTrace(String path) throws Exception {
        Instant deadline = Instant.now().plus(CATCH_UP);
        HttpResponse<String> response = get("auditor", "auditor-demo", path);
        while (response.statusCode() == 404 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            response = get("auditor", "auditor-demo", path);
        }
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    ObjectNode envelope(String type, String occurredAt, Object payload) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", "FR-" + run + "-" + type + "-" + System.nanoTime());
        envelope.put("type", type);
        envelope.put("occurredAt", occurredAt);
        envelope.set("payload", JSON.valueToTree(payload));
        return envelope;
    }

    List<JsonNode> post(List<ObjectNode> events) throws Exception {
        ArrayNode batch = JSON.createArrayNode();
        events.forEach(batch::add);
        HttpResponse<String> response = send("importer", "importer-demo", HttpRequest.newBuilder(uri("/api/v1/events/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))));
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> receipts = new ArrayList<>();
        for (JsonNode result : JSON.readTree(response.body()).path("results")) {
            assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(201);
            receipts.add(result.path("receipt"));
        }
        return receipts;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String user, String password, String path) throws IOException, InterruptedException {
        return send(user, password, HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(String user, String password, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
