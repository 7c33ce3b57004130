package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API as the browser tests' machine side uses it: HTTP Basic, batches of envelopes posted as the
 * backfill importer, and reads polled until a view has caught up with what was posted.
 */
final class LedgerHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CATCH_UP = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String run;

    LedgerHttp(int port, String run) {
        this.port = port;
        this.run = run;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    ObjectNode envelope(String type, String occurredAt, Object payload) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", "CON-" + run + "-" + type + "-" + System.nanoTime());
        envelope.put("type", type);
        envelope.put("occurredAt", occurredAt);
        envelope.set("payload", JSON.valueToTree(payload));
        return envelope;
    }

    /** Posts the envelopes as one batch and returns their receipts; every one must be recorded. */
    List<JsonNode> post(List<ObjectNode> events) throws IOException, InterruptedException {
        ArrayNode batch = JSON.createArrayNode();
        events.forEach(batch::add);
        HttpResponse<String> response = send("importer", "importer-demo", HttpRequest.newBuilder(uri("/api/v1/events/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> receipts = new ArrayList<>();
        for (JsonNode result : JSON.readTree(response.body()).path("results")) {
            assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(201);
            receipts.add(result.path("receipt"));
        }
        return receipts;
    }

    JsonNode getJson(String user, String password, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(user, password, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    HttpResponse<String> get(String user, String password, String path) throws IOException, InterruptedException {
        return send(user, password, HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(String user, String password, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        if (user != null) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Polls an API read as the auditor until its answer satisfies the condition. */
    JsonNode await(String path, Predicate<JsonNode> wanted) throws IOException, InterruptedException {
        return await("auditor", "auditor-demo", path, wanted);
    }

    /** Polls an API read as the given client until its answer satisfies the condition. */
    JsonNode await(String user, String password, String path, Predicate<JsonNode> wanted)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(CATCH_UP);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = getJson(user, password, path);
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not as wanted within " + CATCH_UP + ": " + path + " answered " + last);
    }
}
