package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Posts one batch to {@code POST /api/v1/events/batch} with HTTP Basic and checks every item.
 *
 * <p>A batch is retried, up to {@link #MAX_TRIES} tries in all with exponential back-off (or the
 * server's {@code Retry-After}), when the server answers 503 or 429 or the connection fails. Retrying
 * is safe because items are idempotent by {@code (source, eventId)}: on a retry an item the server
 * had already recorded answers 200 with the same receipt, which counts as success.
 */
final class BatchPoster {

    static final int MAX_TRIES = 5;
    private static final long BASE_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final HttpClient client;
    private final URI endpoint;
    private final String authorization;
    private final Duration timeout;
    private final ObjectMapper mapper = new ObjectMapper();

    BatchPoster(HttpClient client, String baseUrl, String user, String password, Duration timeout) {
        this.client = client;
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/api/v1/events/batch");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    /**
     * The outcome of one batch.
     *
     * @param events    events in the batch
     * @param failed    events that were not recorded as expected
     * @param problems  descriptions of the failed events (all of them; the caller prints a few)
     * @param millis    wall time of the batch including retries
     * @param tries     requests sent
     * @param whole     whether the request as a whole failed (no per-item results)
     */
    record Outcome(int events, int failed, List<String> problems, long millis, int tries, boolean whole) {
    }

    Outcome post(BatchPlanner.Batch batch) {
        long start = System.nanoTime();
        byte[] body = batch.body();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String lastError = "";
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            long retryAfterMs = -1;
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    return check(batch, response.body(), attempt, start);
                }
                lastError = "HTTP " + status + " " + abbreviate(new String(response.body(), StandardCharsets.UTF_8));
                if (status != 503 && status != 429) {
                    return allFailed(batch, lastError, start, attempt);
                }
                retryAfterMs = retryAfter(response).orElse(-1L);
            } catch (IOException e) {
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return allFailed(batch, "interrupted", start, attempt);
            }
            if (attempt < MAX_TRIES) {
                long backoff = retryAfterMs >= 0 ? Math.min(retryAfterMs, MAX_BACKOFF_MS)
                        : Math.min(BASE_BACKOFF_MS << (attempt - 1), MAX_BACKOFF_MS);
                System.err.printf("batch starting %s: %s; retry %d of %d in %d ms%n",
                        batch.events().get(0).eventId(), lastError, attempt, MAX_TRIES - 1, backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return allFailed(batch, "interrupted", start, attempt);
                }
            }
        }
        return allFailed(batch, "gave up after " + MAX_TRIES + " tries: " + lastError, start, MAX_TRIES);
    }

    private Outcome check(BatchPlanner.Batch batch, byte[] body, int attempt, long start) {
        List<GeneratedEvent> events = batch.events();
        JsonNode results;
        try {
            results = mapper.readTree(body).path("results");
        } catch (IOException e) {
            return allFailed(batch, "unreadable answer: " + e.getMessage(), start, attempt);
        }
        if (!results.isArray() || results.size() != events.size()) {
            return allFailed(batch, "expected " + events.size() + " results, got "
                    + abbreviate(new String(body, StandardCharsets.UTF_8)), start, attempt);
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode r = results.get(i);
            int status = r.path("status").asInt(-1);
            boolean ok = status == 201 || (status == 200 && attempt > 1);
            if (ok && r.path("index").asInt(-1) != i) {
                ok = false;
            }
            if (!ok) {
                GeneratedEvent e = events.get(i);
                String why = status == 200
                        ? "200 on the first try: already recorded (was this run id used before?)"
                        : r.has("problem") ? r.get("problem").toString() : r.toString();
                problems.add(e.eventId() + " " + e.type() + " -> " + status + " " + abbreviate(why));
            }
        }
        return new Outcome(events.size(), problems.size(), problems, elapsedMs(start), attempt, false);
    }

    private Outcome allFailed(BatchPlanner.Batch batch, String why, long start, int tries) {
        List<String> problems = List.of("batch of " + batch.events().size() + " starting "
                + batch.events().get(0).eventId() + ": " + why);
        return new Outcome(batch.events().size(), batch.events().size(), problems, elapsedMs(start), tries, true);
    }

    private static Optional<Long> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.trim()) * 1000);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "…" : oneLine;
    }
}
