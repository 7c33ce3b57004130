package cn.huanxin.ledger.loadgen.console;

import cn.huanxin.ledger.loadgen.EventGenerator;
import cn.huanxin.ledger.loadgen.EventPlan;
import cn.huanxin.ledger.loadgen.GeneratedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Finds, through the ledger's API (HTTP Basic, as the bench clients), the subjects the console's
 * pages are opened on: the balance row with the most paid, its paid account and a subsidy posted to
 * it, that subsidy's trace (an enterprise related to it, the streams of its events), its fund, an
 * alert; starts an investigation over all of history and waits for it. The ID number for the
 * discipline office's person look-up cannot come from the API (it stores pseudonyms only): it is
 * read from the generated events, regenerated from the load generator's run id, seed and count.
 */
final class LedgerReader {

    /** What the pages are opened on; a field is null when nothing was found for it. */
    record Subjects(String fundId, String regionCode, String paidAccount, String subsidyId,
                    String enterpriseId, String subsidyStream, String fundStream, String alertId, String alertRuleId,
                    String alertSeverity, String alertStatus, String alertRegion, long balanceRows,
                    String investigationId, String investigationStatus, long investigationAlerts,
                    double investigationSeconds, String personIdNumber) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String password;

    LedgerReader(HttpClient http, String base, String password) {
        this.http = http;
        this.base = base;
        this.password = password;
    }

    Subjects find(Options o) throws IOException, InterruptedException {
        String auditor = o.auditor;
        // the balance row with the most paid: its account has postings, its fund a long history
        JsonNode balances = get(auditor, "/api/v1/balances?limit=1000");
        JsonNode best = null;
        for (JsonNode row : balances.path("items")) {
            if (best == null || amount(row.path("paid")) > amount(best.path("paid"))) {
                best = row;
            }
        }
        if (best == null) {
            throw new IllegalStateException("GET /api/v1/balances answered no rows: the ledger holds no data");
        }
        String fundId = best.path("fundId").asText();
        String regionCode = best.path("regionCode").asText();
        String paidAccount = "paid:" + fundId + ":" + regionCode;
        String subsidyId = null;
        JsonNode postings = get(auditor, "/api/v1/accounts/" + enc(paidAccount) + "/postings?limit=100");
        for (JsonNode posting : postings.path("items")) {
            if (text(posting, "subsidyId") != null) {
                subsidyId = posting.path("subsidyId").asText();
                break;
            }
        }
        String enterpriseId = null;
        String subsidyStream = null;
        if (subsidyId != null) {
            JsonNode trace = get(auditor, "/api/v1/trace/subsidy/" + enc(subsidyId));
            for (JsonNode related : trace.path("related")) {
                if ("enterprise".equals(related.path("kind").asText())) {
                    enterpriseId = related.path("ref").asText();
                    break;
                }
            }
            for (JsonNode stage : trace.path("stages")) {
                for (JsonNode event : stage.path("events")) {
                    String stream = event.path("streamId").asText("");
                    if (stream.startsWith("subsidy:")) {
                        subsidyStream = stream;
                    }
                }
            }
        }
        String fundStream = null;
        JsonNode fundTrace = get(auditor, "/api/v1/trace/fund/" + enc(fundId));
        for (JsonNode stage : fundTrace.path("stages")) {
            for (JsonNode event : stage.path("events")) {
                String stream = event.path("streamId").asText("");
                if (stream.startsWith("fund:") && fundStream == null) {
                    fundStream = stream;
                }
            }
        }
        if (enterpriseId == null) {
            for (JsonNode related : fundTrace.path("related")) {
                if ("enterprise".equals(related.path("kind").asText())) {
                    enterpriseId = related.path("ref").asText();
                    break;
                }
            }
        }
        // an alert, preferably an open one, with the filters of the alerts page set to it
        JsonNode alerts = get(auditor, "/api/v1/alerts?status=OPEN&limit=1");
        if (alerts.path("items").isEmpty()) {
            alerts = get(auditor, "/api/v1/alerts?limit=1");
        }
        JsonNode alert = alerts.path("items").path(0);
        String alertId = text(alert, "alertId");

        String investigationId = null;
        String investigationStatus = "-";
        long investigationAlerts = -1;
        double investigationSeconds = -1;
        if (o.investigation) {
            long t0 = System.nanoTime();
            JsonNode started = send(o.discipline, HttpRequest.newBuilder(uri("/api/v1/investigations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"2000-01-01\",\"to\":\"2099-12-31\"}")), 202);
            investigationId = started.path("id").asText();
            investigationStatus = started.path("status").asText("QUEUED");
            long deadline = System.nanoTime() + o.investigationTimeoutSeconds * 1_000_000_000L;
            long lastLog = System.nanoTime();
            while (("QUEUED".equals(investigationStatus) || "RUNNING".equals(investigationStatus))
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
                JsonNode status = get(o.discipline, "/api/v1/investigations/" + enc(investigationId) + "?limit=1");
                investigationStatus = status.path("status").asText();
                investigationAlerts = status.path("alertsFound").asLong(-1);
                if (System.nanoTime() - lastLog > 10_000_000_000L) {
                    ConsoleSpeed.log("investigation " + investigationStatus + ": " + status.path("eventsRead").asLong()
                            + " events read");
                    lastLog = System.nanoTime();
                }
            }
            investigationSeconds = (System.nanoTime() - t0) / 1e9;
            ConsoleSpeed.log(String.format(Locale.ROOT, "investigation %s %s after %.1f s, %d alerts", investigationId,
                    investigationStatus, investigationSeconds, investigationAlerts));
        }
        String person = o.personIdNumber != null ? o.personIdNumber : personFromGeneratedEvents(o);
        return new Subjects(fundId, regionCode, paidAccount, subsidyId, enterpriseId, subsidyStream,
                fundStream, alertId, text(alert, "ruleId"), text(alert, "severity"), text(alert, "status"),
                text(alert, "regionCode"), balances.path("items").size(), investigationId, investigationStatus,
                investigationAlerts, investigationSeconds, person);
    }

    /** The first resident granted a subsidy in the load generator's run, or null without its parameters. */
    private static String personFromGeneratedEvents(Options o) throws IOException {
        if (o.runId == null || o.events <= 0) {
            return null;
        }
        long t0 = System.nanoTime();
        EventPlan plan = new EventGenerator(o.runId, o.seed).generate(o.events);
        String found = null;
        for (GeneratedEvent event : plan.all()) {
            if ("SubsidyGranted".equals(event.type())) {
                JsonNode beneficiary = JSON.readTree(event.json()).path("payload").path("beneficiary");
                if ("PERSON".equals(beneficiary.path("kind").asText()) && beneficiary.hasNonNull("idNumber")) {
                    found = beneficiary.path("idNumber").asText();
                    break;
                }
            }
        }
        ConsoleSpeed.log(String.format(Locale.ROOT, "regenerated the run's %d events in %.1f s for a resident's ID number: %s",
                plan.size(), (System.nanoTime() - t0) / 1e9, found == null ? "none found" : "found"));
        return found;
    }

    JsonNode get(String user, String path) throws IOException, InterruptedException {
        return send(user, HttpRequest.newBuilder(uri(path)).GET(), 200);
    }

    private JsonNode send(String user, HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request.header("Authorization", "Basic " + basic)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " as " + user
                    + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static double amount(JsonNode value) {
        try {
            return Double.parseDouble(value.asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
