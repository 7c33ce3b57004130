package cn.huanxin.ledger.api.crash;

import cn.huanxin.ledger.api.e2e.PackagedJar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static cn.huanxin.ledger.api.e2e.JarTestSupport.abbreviate;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.deleteRecursively;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.openingEvent;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.tail;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Durability under a crash: every event the ledger acknowledged with a 2xx survives a SIGKILL of the
 * ledger process in the middle of a batch (docs/ingestion.md, "Durability").
 * <p>
 * The test starts the packaged jar ({@code target/ledger-api.jar}, built by {@code package} before
 * failsafe runs) on a free port of 127.0.0.1 and a fresh data directory (embedded H2, the default
 * profile), posts batches of 500–1,000 stream-creating events from two client threads as the
 * {@code importer} demo client, and kills the process with SIGKILL while both threads have a batch
 * in flight. It then restarts the jar on the same data directory and checks that every acknowledged
 * event is in its stream's history with the ledgerEventId of its receipt, that re-posting an
 * acknowledged event answers 200 with the same receipt, and that re-posting a batch the kill cut off
 * answers every item 200 (recorded before the kill) or 201 (not recorded): a receipt exists exactly
 * when its event does.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);

    private static final String HOST = "127.0.0.1";
    private static final String SOURCE_AUTH = basic("importer", "importer-demo");
    private static final String AUDITOR_AUTH = basic("auditor", "auditor-demo");
    private static final String ADMIN_AUTH = basic("admin", "admin-demo");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Posting starts the kill window after this long ... */
    private static final long KILL_NOT_BEFORE_MS = 2_000;
    /** ... and must kill by this time, acknowledged events or not. */
    private static final long KILL_AT_LATEST_MS = 8_000;
    /** Events acknowledged (over all attempts) before the first kill is allowed. */
    private static final int MIN_ACKNOWLEDGED = 3_000;
    /** A batch counts as being processed once it has been in flight this long. */
    private static final long IN_FLIGHT_MS = 40;
    /** Kills allowed to reach MIN_ACKNOWLEDGED: on a loaded machine a round acknowledges fewer events. */
    private static final int MAX_KILL_ATTEMPTS = 6;
    private static final int CLIENT_THREADS = 2;
    /** No batch in flight. */
    private static final long IDLE = Long.MIN_VALUE;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] REGIONS = {"320800", "320803", "320804", "320812", "320813", "320826", "320830",
            "320831"};

    /** Every ledger process this class started; all are killed in {@link #destroyProcesses()}. */
    private static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = token(6);
    private final AtomicInteger eventCounter = new AtomicInteger();

    private Path dataDir;
    private Path jar;
    private int port;
    private int starts;

    @AfterAll
    static void destroyProcesses() {
        for (Process process : PROCESSES) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : PROCESSES) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void everyAcknowledgedEventSurvivesSigkillInTheMiddleOfABatch() throws Exception {
        jar = PackagedJar.find();
        dataDir = Files.createTempDirectory("ledger-crash-");
        port = freePort();
        boolean passed = false;
        Process ledger = null;
        long testStart = System.nanoTime();
        try {
            List<Acknowledged> acknowledged = new ArrayList<>();
            List<CutOff> cutOff = new ArrayList<>();
            List<String> attempts = new ArrayList<>();
            for (int attempt = 1; attempt <= MAX_KILL_ATTEMPTS
                    && (cutOff.isEmpty() || acknowledged.size() < MIN_ACKNOWLEDGED); attempt++) {
                ledger = start();
                Round round = postUntilKilled(ledger, acknowledged.size());
                acknowledged.addAll(round.acknowledged);
                cutOff.addAll(round.cutOff);
                attempts.add("attempt " + attempt + ": " + round.acknowledged.size() + " events acknowledged in "
                        + round.okBatches + " batches over " + round.postingMillis + " ms, " + round.cutOff.size()
                        + " batches cut off, " + round.refusedAfterKill + " sent as it died, exit " + round.exitValue);
                LOG.info("{}", attempts.get(attempts.size() - 1));
                assertThat(round.exitValue).as("exit value of a process killed by SIGKILL (128 + 9)").isEqualTo(137);
                assertThat(round.failures).as("unexpected client failures before the kill").isEmpty();
                ledger = null;
            }
            assertThat(acknowledged.size()).as("events acknowledged before the kill; %s", attempts)
                    .isGreaterThanOrEqualTo(MIN_ACKNOWLEDGED);
            assertThat(cutOff).as("batches in flight when the ledger was killed; %s", attempts).isNotEmpty();

            ledger = start();
            long verifyStart = System.nanoTime();
            List<String> problems = verifyHistory(acknowledged);
            if (!problems.isEmpty()) {
                fail(problems.size() + " of " + acknowledged.size() + " acknowledged events are missing or changed "
                        + "after the SIGKILL and restart (" + attempts + "; data and logs in " + dataDir
                        + "); the first ones:\n" + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
            }

            // Re-posting acknowledged events: 200 with the very same receipt.
            List<Acknowledged> samples = new ArrayList<>();
            samples.add(acknowledged.get(0));
            samples.add(acknowledged.get(acknowledged.size() / 2));
            samples.add(acknowledged.get(acknowledged.size() - 1));
            for (Acknowledged sample : samples) {
                HttpResponse<String> response = send(post("/api/v1/events", SOURCE_AUTH,
                        JSON.writeValueAsBytes(sample.envelope)));
                assertThat(response.statusCode()).as("re-posting %s: %s", sample.eventId, response.body())
                        .isEqualTo(200);
                assertThat(JSON.readTree(response.body())).as("receipt of re-posted %s", sample.eventId)
                        .isEqualTo(sample.receipt);
            }

            // Re-posting the batches the kill cut off: each item was recorded entirely or not at all.
                int recordedNow = 0;
            List<String> cutOffSummary = new ArrayList<>();
            for (CutOff batch : cutOff) {
                HttpResponse<String> response = send(post("/api/v1/events/batch", SOURCE_AUTH,
                        JSON.writeValueAsBytes(batch.envelopes)));
                assertThat(response.statusCode()).as("re-posting a cut-off batch: %s", abbreviate(response.body()))
                        .isEqualTo(200);
                JsonNode results = JSON.readTree(response.body()).get("results");
                assertThat(results).hasSize(batch.envelopes.size());
                int before = 0;
                for (JsonNode result : results) {
                    int status = result.get("status").intValue();
                    assertThat(status).as("re-posted item of a cut-off batch (a 422 STREAM_EXISTS would mean an "
                            + "event without its receipt): %s", result).isIn(200, 201);
                    if (status == 200) {
                        assertThat(result.get("index").intValue())
                                .as("items are recorded in order, so those recorded before the kill are a prefix "
                                        + "of the batch: %s", result).isEqualTo(before);
                        before++;
                    }
                }
                if (before > 0) {
                    // what the kill left of a batch is in the history, under the receipt the re-post answers
                    for (int index : new int[] {0, before - 1}) {
                        JsonNode receipt = results.get(index).get("receipt");
                        Acknowledged late = new Acknowledged(receipt.get("eventId").textValue(),
                                receipt.get("streamId").textValue(), receipt.get("ledgerEventId").textValue(),
                                receipt, (ObjectNode) batch.envelopes.get(index));
                        assertThat(checkHistory(late, send(get("/api/v1/history/" + late.streamId, AUDITOR_AUTH))))
                                .isNull();
                    }
                }
                recordedNow += batch.envelopes.size() - before;
                cutOffSummary.add(before + "/" + batch.envelopes.size());
            }
            // The seal was killed mid-batch too: once it has caught up, every stored event is a leaf exactly
            // once, in order, and the whole store verifies against the checkpoints signed before and after.
            JsonNode verified = verifySealed();
            assertThat(verified.path("valid").asBoolean()).as("verify after the SIGKILL: %s", verified).isTrue();
            assertThat(verified.path("unsealed").asLong()).as("verify after the SIGKILL: %s", verified).isZero();
            assertThat(verified.path("sealedLeaves").asLong()).isEqualTo(verified.path("checked").asLong())
                    .isGreaterThanOrEqualTo(acknowledged.size());
            LOG.info("after the restart the seal verifies: {}", verified);

            LOG.info("{} acknowledged events verified after restart in {} ms; cut-off "
                            + "batches (items recorded before the kill / items): {}; {} recorded now; total {} s",
                    acknowledged.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - verifyStart),
                    cutOffSummary, recordedNow, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - testStart));
            passed = true;
        } finally {
            if (ledger != null) {
                stop(ledger);
            }
            if (passed) {
                deleteRecursively(dataDir);
            } else {
                LOG.info("data directory and ledger logs kept in {}", dataDir);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // posting and killing

    private record Acknowledged(String eventId, String streamId, String ledgerEventId, JsonNode receipt,
                                ObjectNode envelope) {
    }

    private record CutOff(ArrayNode envelopes, String failure) {
    }

    private record Round(List<Acknowledged> acknowledged, List<CutOff> cutOff, List<String> failures, int okBatches,
                         int refusedAfterKill, long postingMillis, int exitValue) {
    }

    /**
     * Posts batches from {@link #CLIENT_THREADS} threads and kills the ledger with SIGKILL, once enough
     * events were acknowledged and at a moment when every thread has a batch in flight.
     */
    private Round postUntilKilled(Process ledger, int acknowledgedBefore) throws Exception {
        Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<CutOff> cutOff = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger okBatches = new AtomicInteger();
        AtomicLong nanosPerEvent = new AtomicLong(); // of the latest batch answered
        int[] inFlightSize = new int[CLIENT_THREADS];
        AtomicLong[] inFlightSince = new AtomicLong[CLIENT_THREADS];
        long[] inFlightAtKill = new long[CLIENT_THREADS];
        Arrays.fill(inFlightAtKill, IDLE);
        AtomicInteger refusedAfterKill = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        long postingStart = System.nanoTime();
        int exitValue;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                AtomicLong since = inFlightSince[t] = new AtomicLong(IDLE);
                int thread = t;
                workers.add(clients.submit(() -> {
                    while (!stop.get()) {
                        ArrayNode batch = batch(thread, 500 + RANDOM.nextInt(501));
                        byte[] body;
                        try {
                            body = JSON.writeValueAsBytes(batch);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        inFlightSize[thread] = batch.size();
                        long sentAt = System.nanoTime();
                        since.set(sentAt);
                        HttpResponse<String> response;
                        try {
                            response = http.send(post("/api/v1/events/batch", SOURCE_AUTH, body),
                                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            since.set(IDLE);
                            if (killed.get() && inFlightAtKill[thread] == sentAt) {
                                cutOff.add(new CutOff(batch, e.toString()));
                            } else if (killed.get()) {
                                refusedAfterKill.incrementAndGet(); // sent just as the ledger died
                            } else {
                                failures.add("batch failed before the kill: " + e);
                            }
                            return null;
                        } finally {
                            since.set(IDLE);
                        }
                        if (response.statusCode() != 200) {
                            failures.add("batch answered " + response.statusCode() + ": "
                                    + abbreviate(response.body()));
                            return null;
                        }
                        nanosPerEvent.set((System.nanoTime() - sentAt) / batch.size());
                        okBatches.incrementAndGet();
                        JsonNode results = JSON.readTree(response.body()).get("results");
                        if (results == null || results.size() != batch.size()) {
                            failures.add("batch answer without one result per item: " + abbreviate(response.body()));
                            return null;
                        }
                        for (JsonNode result : results) {
                            int status = result.get("status").intValue();
                            ObjectNode envelope = (ObjectNode) batch.get(result.get("index").intValue());
                            if (status == 200 || status == 201) {
                                JsonNode receipt = result.get("receipt");
                                acknowledged.add(new Acknowledged(envelope.get("eventId").textValue(),
                                        receipt.get("streamId").textValue(), receipt.get("ledgerEventId").textValue(),
                                        receipt, envelope));
                            } else {
                                failures.add("item " + envelope.get("eventId").textValue() + " answered " + result);
                            }
                        }
                    }
                    return null;
                }));
            }

            // Wait for the kill window and for both threads to have a batch on the server.
            long deadline = postingStart + TimeUnit.MILLISECONDS.toNanos(KILL_AT_LATEST_MS);
            while (true) {
                long now = System.nanoTime();
                boolean windowOpen = now - postingStart >= TimeUnit.MILLISECONDS.toNanos(KILL_NOT_BEFORE_MS)
                        && acknowledgedBefore + acknowledged.size() >= MIN_ACKNOWLEDGED;
                // Both threads have a batch on the server, and one of them has been in flight for most of
                // the time the latest batch took (per event), so that its first chunk has likely been
                // committed and the kill falls between two chunks' transactions or inside one.
                boolean allInFlight = true;
                boolean deepInABatch = false;
                for (int t = 0; t < CLIENT_THREADS; t++) {
                    long sent = inFlightSince[t].get();
                    allInFlight &= sent != IDLE && now - sent >= TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_MS);
                    deepInABatch |= sent != IDLE
                            && now - sent >= nanosPerEvent.get() * inFlightSize[t] * 7 / 10;
                }
                if ((windowOpen && allInFlight && deepInABatch) || now > deadline || !failures.isEmpty()
                        || workers.stream().allMatch(Future::isDone)) {
                    break;
                }
                Thread.sleep(2);
            }
            stop.set(true);
            long killAt = System.nanoTime();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                long sent = inFlightSince[t].get();
                // only a batch the server has had for a while counts as cut off
                inFlightAtKill[t] = sent != IDLE && killAt - sent >= TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_MS)
                        ? sent : IDLE;
            }
            killed.set(true); // publishes inFlightAtKill to the client threads
            ledger.destroyForcibly(); // SIGKILL on Linux; checked below by the exit value 137
            if (!ledger.waitFor(20, TimeUnit.SECONDS)) {
                fail("the ledger did not die within 20 s of SIGKILL");
            }
            exitValue = ledger.exitValue();
            long postingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - postingStart);
            for (Future<?> worker : workers) {
                worker.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            }
            return new Round(List.copyOf(acknowledged), List.copyOf(cutOff), List.copyOf(failures), okBatches.get(),
                    refusedAfterKill.get(), postingMillis, exitValue);
        } finally {
            stop.set(true);
            clients.shutdownNow();
            clients.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A batch of stream-creating events, FundOpened and EnterpriseRegistered alternately. */
    private ArrayNode batch(int thread, int size) {
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < size; i++) {
            int n = eventCounter.incrementAndGet();
            String region = REGIONS[n % REGIONS.length];
            openingEvent(batch.addObject(), "CRASH-" + run + "-" + thread + "-" + n, "CRASH-" + run, "崩溃恢复测试",
                    n, region);
        }
        return batch;
    }

    // ------------------------------------------------------------------------------------------------
    // verification

    /** Reads every acknowledged event's stream as the auditor; answers a description of each discrepancy. */
    private List<String> verifyHistory(List<Acknowledged> acknowledged) throws Exception {
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        Semaphore permits = new Semaphore(16);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Acknowledged event : acknowledged) {
            permits.acquire();
            reads.add(http.sendAsync(get("/api/v1/history/" + event.streamId, AUDITOR_AUTH), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .handle((response, failure) -> {
                        try {
                            if (failure != null) {
                                problems.add(event.streamId + ": history request failed: " + failure);
                            } else {
                                String problem = checkHistory(event, response);
                                if (problem != null) {
                                    problems.add(problem);
                                }
                            }
                        } finally {
                            permits.release();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return problems.stream().sorted().toList();
    }

    private static String checkHistory(Acknowledged event, HttpResponse<String> response) {
        String what = event.streamId + " (eventId " + event.eventId + ", ledgerEventId " + event.ledgerEventId
                + ", recordedAt " + event.receipt.path("recordedAt").asText() + ")";
        if (response.statusCode() != 200) {
            return what + ": history answered " + response.statusCode() + " " + abbreviate(response.body());
        }
        JsonNode events;
        try {
            events = JSON.readTree(response.body()).get("events");
        } catch (IOException e) {
            return what + ": history is not JSON: " + abbreviate(response.body());
        }
        if (events == null || events.size() != 1) {
            return what + ": expected exactly the one acknowledged event, history has " + abbreviate(response.body());
        }
        JsonNode recorded = events.get(0);
        for (String field : List.of("ledgerEventId", "eventId", "source", "sequence", "payloadSha256", "recordedAt",
                "occurredAt")) {
            if (!recorded.path(field).equals(event.receipt.path(field))) {
                return what + ": history " + field + " " + recorded.path(field) + " differs from the receipt's "
                        + event.receipt.path(field);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------
    // the ledger process

    private Process start() throws Exception {
        int n = ++starts;
        Path log = dataDir.resolve("ledger-" + n + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Daxoniq.update-checker.disabled=true", "-Xmx1g",
                "-jar", jar.toString(), "--server.port=" + port, "--server.address=" + HOST,
                "--ledger.data-dir=" + dataDir)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long begin = System.nanoTime();
        Process process = builder.start();
        PROCESSES.add(process);
        long deadline = begin + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the ledger (start " + n + ") exited with " + process.exitValue() + " before it was healthy; "
                        + "log " + log + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    LOG.info("ledger start {} (pid {}) healthy after {} ms", n,
                            process.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        stop(process);
        fail("the ledger (start " + n + ") was not healthy within " + START_TIMEOUT + "; log " + log + ":\n"
                + tail(log));
        return null;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // helpers

    private URI uri(String path) {
        return URI.create("http://" + HOST + ":" + port + path);
    }

    /** Waits (bounded) until the seal has reached the head of the store, then verifies the whole store. */
    private JsonNode verifySealed() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            JsonNode status = JSON.readTree(send(get("/api/v1/admin/projections", ADMIN_AUTH)).body());
            boolean sealed = false;
            for (JsonNode processor : status.path("items")) {
                sealed |= processor.path("name").asText().equals("seal") && processor.path("lag").asLong() == 0
                        && processor.path("position").asLong() == processor.path("head").asLong();
            }
            if (sealed) {
                break;
            }
            assertThat(System.nanoTime()).as("the seal caught up within 120 s: %s", status).isLessThan(deadline);
            Thread.sleep(200);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/ledger/verify"))
                .header("Authorization", AUDITOR_AUTH)
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(120)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpRequest post(String path, String auth, byte[] body) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest get(String path, String auth) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Authorization", auth).GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
