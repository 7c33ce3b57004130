package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.core.access.SensitiveReadRecorded;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Investigations end to end over real HTTP. The history: address X receives six grants in county
 * 320812 (three on 1 and three on 2 September 2024) — more than R08's live limit of five, so the live
 * view raises R08 — and address Y three grants in county 320826 on 2 September, one of them paid on
 * 5 September, which the live settings let pass. Re-running R08 with other limits, slices and regions
 * must raise exactly what those settings imply, and leave the live ledger as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class InvestigationEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InvestigationRunner runner;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = Long.toString(System.nanoTime(), 36).toUpperCase();
    private final List<String> addressX = new ArrayList<>();
    private final List<String> addressXFirstDay = new ArrayList<>();
    private final List<String> addressY = new ArrayList<>();

    abstract Path dataDirectory();

    @Test
    @Order(1)
    void liveSettingsRaiseTheSixGrantBurstButNotTheThreeGrantOne() throws Exception {
        String fund = "IF-" + run;
        List<ObjectNode> events = new ArrayList<>();
        events.add(envelope("FundOpened", "2024-08-01T09:00:00+08:00", Map.of("fundId", fund, "name", "fund",
                "year", 2024, "scheme", "CONSUMER_TRADE_IN", "source", "CENTRAL_BOND", "regionCode", "320800",
                "documentNo", "D")));
        for (String county : List.of("320812", "320826")) {
            events.add(envelope("FundAllocated", "2024-08-01T10:00:00+08:00", Map.of("fundId", fund,
                    "allocationId", "A-" + run + "-" + county, "regionCode", county, "amount", "100000.00",
                    "documentNo", "D")));
        }
        String x = "淮安市清江浦区调查路1号" + run;
        String y = "淮安市涟水县调查路2号" + run;
        for (int i = 0; i < 6; i++) {
            events.add(grant(fund, "X" + i, "320812", x, i < 3 ? "2024-09-01T1" + i + ":00:00+08:00"
                    : "2024-09-02T1" + i + ":00:00+08:00"));
        }
        for (int i = 0; i < 3; i++) {
            events.add(grant(fund, "Y" + i, "320826", y, "2024-09-02T1" + i + ":00:00+08:00"));
        }
        events.add(envelope("SubsidyPaid", "2024-09-05T10:00:00+08:00", Map.of("subsidyId", "IS-" + run + "-Y0",
                "paymentId", "P-" + run, "amount", "200.00", "paidOn", "2024-09-05",
                "payeeAccount", "6217000000" + (1_000_000_000L + RANDOM.nextInt(999_999_999)))));
        List<JsonNode> receipts = post(events);
        for (int i = 0; i < 6; i++) {
            addressX.add(receipts.get(3 + i).path("ledgerEventId").asText());
        }
        addressXFirstDay.addAll(addressX.subList(0, 3));
        for (int i = 0; i < 3; i++) {
            addressY.add(receipts.get(9 + i).path("ledgerEventId").asText());
        }

        awaitLiveCatchUp();
        List<JsonNode> live = liveAlerts("R08");
        assertThat(live).anySatisfy(alert -> assertThat(evidence(alert)).containsExactlyInAnyOrderElementsOf(addressX));
        assertThat(live).noneSatisfy(alert -> assertThat(evidence(alert)).containsAnyElementsOf(addressY));
    }

    @Test
    @Order(2)
    void aLowerLimitRaisesWhatTheLiveSettingsLetPass() throws Exception {
        HttpResponse<String> accepted = start("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\","
                + "\"rules\":{\"R08\":{\"max-subsidies\":2}}}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(accepted.body());
        String id = body.path("id").asText();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/investigations/" + id);
        assertThat(body.path("status").asText()).isIn("QUEUED", "RUNNING", "COMPLETED");
        assertThat(body.path("requestedBy").asText()).isEqualTo("discipline");

        JsonNode done = awaitFinished(id);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.path("eventsRead").asLong()).isPositive().isEqualTo(done.path("eventsTotal").asLong());
        assertThat(done.path("rules").path("R08").path("max-subsidies").asText()).isEqualTo("2");
        assertThat(done.path("from").asText()).isEqualTo("2024-09-01");
        assertThat(done.path("finishedAt").asText()).endsWith("+08:00");
        List<JsonNode> r08 = alerts(id, "R08");
        assertThat(r08).anySatisfy(alert -> assertThat(evidence(alert)).containsExactlyInAnyOrderElementsOf(addressY));
        assertThat(r08).anySatisfy(alert -> assertThat(evidence(alert)).containsExactlyInAnyOrderElementsOf(addressX));
        JsonNode sample = r08.get(0);
        for (String field : List.of("alertId", "ruleId", "severity", "status", "subject", "summary", "evidence",
                "evidenceCount", "raisedAt", "regionCode", "window")) {
            assertThat(sample.has(field)).as(field).isTrue();
        }
        assertThat(r08).allSatisfy(alert -> assertThat(alert.path("evidenceCount").asLong())
                .isEqualTo(evidence(alert).size()));
        assertThat(sample.path("raisedAt").asText()).startsWith("2024-09-0").endsWith("+08:00");
    }

    @Test
    @Order(3)
    void aHigherLimitGivenAsTextSilencesWhatTheLiveSettingsRaise() throws Exception {
        JsonNode done = awaitFinished(started("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\","
                + "\"rules\":{\"R08\":{\"max-subsidies\":\"10\"}}}"));
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(alerts(done.path("id").asText(), "R08")).isEmpty();
    }

    @Test
    @Order(4)
    void aDateBoundCoversItsWholeDayAndATimeBoundIsExact() throws Exception {
        JsonNode firstDay = awaitFinished(started("{\"from\":\"2024-09-01\",\"to\":\"2024-09-01\","
                + "\"rules\":{\"R08\":{\"max-subsidies\":2}}}"));
        List<JsonNode> r08 = alerts(firstDay.path("id").asText(), "R08");
        assertThat(r08).hasSize(1);
        assertThat(evidence(r08.get(0))).containsExactlyInAnyOrderElementsOf(addressXFirstDay);
        assertThat(firstDay.path("eventsMatched").asLong()).isEqualTo(3);

        JsonNode fromTime = awaitFinished(started("{\"from\":\"2024-09-02T00:00:00+08:00\","
                + "\"to\":\"2024-09-30T23:59:59+08:00\",\"rules\":{\"R08\":{\"max-subsidies\":2}}}"));
        assertThat(fromTime.path("from").asText()).isEqualTo("2024-09-02T00:00:00+08:00");
        assertThat(fromTime.path("eventsMatched").asLong()).isEqualTo(7);
        List<JsonNode> later = alerts(fromTime.path("id").asText(), "R08");
        assertThat(later).anySatisfy(alert -> assertThat(evidence(alert))
                .containsExactlyInAnyOrderElementsOf(addressX.subList(3, 6)));
        assertThat(later).anySatisfy(alert -> assertThat(evidence(alert)).containsExactlyInAnyOrderElementsOf(addressY));

        JsonNode october = awaitFinished(started("{\"from\":\"2024-10-01\",\"to\":\"2024-10-31\"}"));
        assertThat(october.path("eventsMatched").asLong()).isZero();
        assertThat(october.path("alerts")).isEmpty();
    }

    @Test
    @Order(5)
    void aRegionReadsItsOwnCasesAndACityCoversItsCounties() throws Exception {
        String rules = ",\"rules\":{\"R08\":{\"max-subsidies\":2}}}";
        JsonNode lianshui = awaitFinished(started("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\","
                + "\"regionCode\":\"320826\"" + rules));
        assertThat(lianshui.path("regionCode").asText()).isEqualTo("320826");
        // Three grants and the payment, which belongs to its grant's county.
        assertThat(lianshui.path("eventsMatched").asLong()).isEqualTo(4);
        List<JsonNode> county = alerts(lianshui.path("id").asText(), "R08");
        assertThat(county).hasSize(1);
        assertThat(evidence(county.get(0))).containsExactlyInAnyOrderElementsOf(addressY);

        JsonNode qingjiangpu = awaitFinished(started("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\","
                + "\"regionCode\":\"320812\"" + rules));
        assertThat(qingjiangpu.path("eventsMatched").asLong()).isEqualTo(6);
        assertThat(alerts(qingjiangpu.path("id").asText(), "R08")).singleElement()
                .satisfies(alert -> assertThat(evidence(alert)).containsExactlyInAnyOrderElementsOf(addressX));

        JsonNode city = awaitFinished(started("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\","
                + "\"regionCode\":\"320800\"" + rules));
        assertThat(city.path("eventsMatched").asLong()).isEqualTo(10);
        assertThat(alerts(city.path("id").asText(), "R08")).hasSize(2);
    }

    @Test
    @Order(6)
    void refusedRequestsAnswer400NamingTheFieldAndRecordNothing() throws Exception {
        long before = investigations();
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("{\"to\":\"2024-09-30\"}", "from");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"30.09.2024\"}", "to");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-01T10:00:00\"}", "to");
        refusals.put("{\"from\":\"2024-09-30\",\"to\":\"2024-09-01\"}", "to");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"regionCode\":\"110000\"}", "regionCode");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"rules\":{\"R99\":{}}}", "rules.R99");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"rules\":{\"R08\":{\"max\":3}}}", "rules.R08.max");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"rules\":{\"R02\":{\"policy\":\"x\"}}}",
                "rules.R02.policy");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"rules\":{\"R08\":{\"window-days\":0}}}",
                "rules.R08.window-days");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"rules\":{\"R15\":{\"months\":\"500\"}}}",
                "rules.R15.months");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"rules\":{\"R14\":{\"qualifications\":\"NONE\"}}}",
                "rules.R14.qualifications");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"rules\":{\"R08\":{\"window-days\":true}}}",
                "rules.R08.window-days");
        refusals.put("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\",\"extra\":1}", "extra");
        refusals.put("[]", "");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> answer = start(refusal.getKey());
            assertThat(answer.statusCode()).as(refusal.getKey()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            List<String> fields = new ArrayList<>();
            JSON.readTree(answer.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertThat(fields).as(refusal.getKey()).contains(refusal.getValue());
        }
        assertThat(investigations()).isEqualTo(before);
    }

    @Test
    @Order(7)
    void onlyTheDisciplineOfficeMayInvestigateAndUnknownIdsAre404() throws Exception {
        String body = "{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\"}";
        assertThat(send("auditor", "auditor-demo", HttpRequest.newBuilder(uri("/api/v1/investigations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)))
                .statusCode()).isEqualTo(403);
        assertThat(send("auditor", "auditor-demo", HttpRequest.newBuilder(
                uri("/api/v1/investigations/" + UUID.randomUUID())).GET()).statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = get("/api/v1/investigations/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(get("/api/v1/investigations/not-an-id").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void anInvestigationLeavesTheLiveAlertsAndTheEventStoreAsTheyWere() throws Exception {
        awaitLiveCatchUp();
        List<Map<String, Object>> liveBefore = jdbc.queryForList(
                "SELECT alert_id, status, severity, summary_en FROM fraud_alert ORDER BY alert_id");
        List<Map<String, Object>> evidenceBefore = jdbc.queryForList(
                "SELECT alert_id, ledger_event_id FROM fraud_alert_evidence ORDER BY alert_id, ledger_event_id");
        long eventsBefore = businessEvents();
        long readsBefore = count("domain_event_entry") - eventsBefore;

        JsonNode done = awaitFinished(started("{\"from\":\"2024-01-01\",\"to\":\"2024-12-31\","
                + "\"rules\":{\"R08\":{\"max-subsidies\":1,\"window-days\":30},\"R19\":{\"payment-days\":0}}}"));
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("alertsFound").asLong()).isPositive();

        assertThat(jdbc.queryForList("SELECT alert_id, status, severity, summary_en FROM fraud_alert ORDER BY alert_id"))
                .isEqualTo(liveBefore);
        assertThat(jdbc.queryForList(
                "SELECT alert_id, ledger_event_id FROM fraud_alert_evidence ORDER BY alert_id, ledger_event_id"))
                .isEqualTo(evidenceBefore);
        // Nothing is appended but the access log's record of each read of the investigation.
        assertThat(businessEvents()).isEqualTo(eventsBefore);
        assertThat(count("domain_event_entry") - eventsBefore).isGreaterThan(readsBefore);
        // The scratch tables are gone once the run is over: the H2 file, or the PostgreSQL schema.
        Path scratch = dataDirectory().resolve("investigations");
        if (Files.isDirectory(scratch)) {
            try (var left = Files.list(scratch)) {
                assertThat(left.toList()).isEmpty();
            }
        }
        assertThat(scratchSchemas()).isEmpty();
    }

    @Test
    @Order(9)
    void alertsArePagedWithACursor() throws Exception {
        String id = awaitFinished(started("{\"from\":\"2024-09-01\",\"to\":\"2024-09-30\","
                + "\"rules\":{\"R08\":{\"max-subsidies\":2}}}")).path("id").asText();
        JsonNode first = JSON.readTree(get("/api/v1/investigations/" + id + "?limit=1").body());
        assertThat(first.path("alerts")).hasSize(1);
        assertThat(first.path("nextCursor").isTextual()).isTrue();
        JsonNode second = JSON.readTree(get("/api/v1/investigations/" + id + "?limit=1000&cursor="
                + first.path("nextCursor").asText()).body());
        assertThat(second.path("alerts").size()).isEqualTo(first.path("alertsFound").asInt() - 1);
        assertThat(second.path("alerts").get(0).path("alertId").asText())
                .isNotEqualTo(first.path("alerts").get(0).path("alertId").asText());
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(get("/api/v1/investigations/" + id + "?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/investigations/" + id + "?cursor=abc").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(10)
    void runsLeftUnfinishedByAStoppedLedgerAreMarkedFailed() throws Exception {
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String crashedRunning = insertUnfinished("RUNNING", "crashed-runner", longAgo);
        String crashedQueued = insertUnfinished("QUEUED", "crashed-runner", longAgo);
        String otherInstance = insertUnfinished("RUNNING", "live-runner-elsewhere", now);
        boolean postgres = "PostgreSQL".equals(jdbc.execute((ConnectionCallback<String>) connection ->
                connection.getMetaData().getDatabaseProductName()));
        if (postgres) {
            // Scratch schemas as a crashed ledger leaves them, and one of a run alive on another node.
            for (String id : List.of(crashedRunning, otherInstance)) {
                jdbc.execute("CREATE SCHEMA " + ScratchView.schemaOf(id));
                jdbc.execute("CREATE TABLE " + ScratchView.schemaOf(id) + ".fraud_clock (id INT)");
            }
        }

        assertThat(runner.recover()).isEqualTo(2);

        if (postgres) {
            assertThat(scratchSchemas()).containsExactly(ScratchView.schemaOf(otherInstance));
            jdbc.execute("DROP SCHEMA " + ScratchView.schemaOf(otherInstance) + " CASCADE");
        }

        for (String id : List.of(crashedRunning, crashedQueued)) {
            JsonNode failed = JSON.readTree(get("/api/v1/investigations/" + id).body());
            assertThat(failed.path("status").asText()).isEqualTo("FAILED");
            assertThat(failed.path("error").asText()).isEqualTo(InvestigationRunner.ABANDONED);
            assertThat(failed.path("finishedAt").isTextual()).isTrue();
        }
        assertThat(JSON.readTree(get("/api/v1/investigations/" + otherInstance).body()).path("status").asText())
                .isEqualTo("RUNNING");
        jdbc.update("UPDATE investigation SET status = 'FAILED' WHERE investigation_id = ?", otherInstance);
    }

    @Test
    @Order(11)
    void beyondTheRunnersAndTheQueueRequestsAreRefusedWith503AndNotRecorded() throws Exception {
        long before = investigations();
        int requests = 24;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                posts.add(() -> start("{\"from\":\"2024-01-01\",\"to\":\"2024-12-31\"}"));
            }
            for (Future<HttpResponse<String>> answer : clients.invokeAll(posts)) {
                answers.add(answer.get());
            }
        } finally {
            clients.shutdownNow();
        }
        List<HttpResponse<String>> accepted = answers.stream().filter(a -> a.statusCode() == 202).toList();
        List<HttpResponse<String>> refused = answers.stream().filter(a -> a.statusCode() == 503).toList();
        assertThat(accepted.size() + refused.size()).isEqualTo(requests);
        // One running and four waiting at most; the runs take far longer than the requests.
        assertThat(accepted.size()).isBetween(1, requests - 1);
        assertThat(refused).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        });
        assertThat(investigations()).isEqualTo(before + accepted.size());
        for (HttpResponse<String> answer : accepted) {
            assertThat(awaitFinished(JSON.readTree(answer.body()).path("id").asText()).path("status").asText())
                    .isEqualTo("COMPLETED");
        }
    }

    // ---- helpers

    private String insertUnfinished(String status, String runnerId, OffsetDateTime heartbeat) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO investigation (investigation_id, status, slice_from, slice_to, rule_overrides, "
                        + "requested_by, runner, events_read, events_matched, progress, alerts_found, created_at, "
                        + "heartbeat_at) VALUES (?,?,?,?,?,?,?,0,0,0,0,?,?)", id, status, "2024-01-01", "2024-12-31",
                "{}", "discipline", runnerId, heartbeat, heartbeat);
        return id;
    }

    private List<String> scratchSchemas() {
        return jdbc.queryForList("SELECT schema_name FROM information_schema.schemata", String.class).stream()
                .filter(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith(ScratchView.SCHEMA_PREFIX)).toList();
    }

    private long investigations() {
        return count("investigation");
    }

    /** Events of the ledger's business, leaving out the access log's records of sensitive reads. */
    private long businessEvents() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type <> ?",
                Long.class, SensitiveReadRecorded.class.getName());
        return count == null ? 0 : count;
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    private void awaitLiveCatchUp() throws InterruptedException {
        StreamingEventProcessor fraud = processing.eventProcessor("fraud", StreamingEventProcessor.class).orElseThrow();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
            Map<Integer, EventTrackerStatus> status = fraud.processingStatus();
            if (!status.isEmpty() && status.values().stream().allMatch(s -> s.getCurrentPosition().isPresent()
                    && s.getCurrentPosition().getAsLong() >= (head == null ? 0 : head))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the live fraud view did not catch up within " + WAIT);
    }

    private List<JsonNode> liveAlerts(String ruleId) throws Exception {
        List<JsonNode> alerts = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(get("/api/v1/alerts?ruleId=" + ruleId + "&limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            page.path("items").forEach(alerts::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return alerts;
    }

    private List<JsonNode> alerts(String id, String ruleId) throws Exception {
        List<JsonNode> alerts = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(get("/api/v1/investigations/" + id + "?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            page.path("alerts").forEach(alert -> {
                if (alert.path("ruleId").asText().equals(ruleId)) {
                    alerts.add(alert);
                }
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return alerts;
    }

    private static List<String> evidence(JsonNode alert) {
        List<String> evidence = new ArrayList<>();
        alert.path("evidence").forEach(e -> evidence.add(e.asText()));
        return evidence;
    }

    private String started(String body) throws Exception {
        HttpResponse<String> answer = start(body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).path("id").asText();
    }

    private JsonNode awaitFinished(String id) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = get("/api/v1/investigations/" + id);
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode investigation = JSON.readTree(answer.body());
            if (investigation.path("status").asText().equals("COMPLETED")
                    || investigation.path("status").asText().equals("FAILED")) {
                return investigation;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("investigation " + id + " did not finish within " + WAIT);
    }

    private ObjectNode grant(String fund, String suffix, String county, String address, String occurredAt) {
        Map<String, Object> grant = new LinkedHashMap<>();
        grant.put("subsidyId", "IS-" + run + "-" + suffix);
        grant.put("fundId", fund);
        grant.put("regionCode", county);
        grant.put("programme", "APPLIANCE");
        grant.put("beneficiary", Map.of("kind", "PERSON", "idNumber", idNumber()));
        grant.put("product", Map.of("category", "TV", "brand", "海信", "model", "M", "serialNo",
                "SN-" + run + "-" + suffix, "energyGrade", 1, "price", "1000.00"));
        grant.put("invoiceNo", "INV-" + run + "-" + suffix);
        grant.put("amount", "200.00");
        grant.put("deliveryAddress", address);
        return envelope("SubsidyGranted", occurredAt, grant);
    }

    private ObjectNode envelope(String type, String occurredAt, Object payload) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", "IN-" + run + "-" + type + "-" + System.nanoTime());
        envelope.put("type", type);
        envelope.put("occurredAt", occurredAt);
        envelope.set("payload", JSON.valueToTree(payload));
        return envelope;
    }

    /** A resident ID number of someone born in Huai'an, with a valid GB 11643 check character. */
    private static String idNumber() {
        String first17 = String.format("320812%04d%02d%02d%03d", 1950 + RANDOM.nextInt(55), 1 + RANDOM.nextInt(12),
                1 + RANDOM.nextInt(28), RANDOM.nextInt(1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    private List<JsonNode> post(List<ObjectNode> events) throws Exception {
        ArrayNode batch = JSON.createArrayNode();
        events.forEach(batch::add);
        HttpResponse<String> response = send("importer", "importer-demo", HttpRequest.newBuilder(
                uri("/api/v1/events/batch")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))));
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> receipts = new ArrayList<>();
        for (JsonNode result : JSON.readTree(response.body()).path("results")) {
            assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(201);
            receipts.add(result.path("receipt"));
        }
        return receipts;
    }

    private HttpResponse<String> start(String body) throws IOException, InterruptedException {
        return send("discipline", "discipline-demo", HttpRequest.newBuilder(uri("/api/v1/investigations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("discipline", "discipline-demo", HttpRequest.newBuilder(uri(path)).GET());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(String user, String password, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
