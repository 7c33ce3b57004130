package cn.huanxin.ledger.api.outage;

import cn.huanxin.ledger.api.e2e.PackagedJar;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static cn.huanxin.ledger.api.e2e.JarTestSupport.abbreviate;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.deleteRecursively;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.openingEvent;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.tail;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The database goes away under load and comes back (docs/operations.md, "When the database goes
 * away"). The test starts a real PostgreSQL (zonky's embedded binaries) on its own data directory and
 * port, and the packaged jar ({@code target/ledger-api.jar}) on it with the production profile and
 * clients of its own. Two sources post batches of stream-creating events, an auditor reads balances,
 * and a monitor polls the health endpoints, while the test stops PostgreSQL ({@code pg_ctl stop -m
 * fast}: every connection is terminated, SQLSTATE 57P01, with transactions in flight), keeps it down
 * for {@link #OUTAGE}, and starts it again on the same data directory and port. It then checks that:
 * <ul>
 *   <li>every answer was 2xx or 503 with {@code Retry-After}, never a 500 or another refusal; the first
 *   post and the first query answered 503 within 5 s of the stop, and no request of the outage took
 *   more than 5 s;</li>
 *   <li>readiness turned DOWN within 5 s, {@code /actuator/health} showed {@code db} DOWN, liveness
 *   stayed UP;</li>
 *   <li>without restarting the ledger, posts were acknowledged again, readiness came back, and every
 *   view and the seal caught up with the head of the store;</li>
 *   <li>every acknowledged event is stored exactly once, with its receipt and its stream, and nothing
 *   else is: the sources re-post what was answered 503 until it is acknowledged (200 for what the
 *   database had committed, 201 otherwise);</li>
 *   <li>verification of the whole store is valid, every event sealed;</li>
 *   <li>the ledger's log has one line for the outage and one for the recovery, and no stack trace.</li>
 * </ul>
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DatabaseOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageIT.class);

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The client's own limit: far beyond what any answer may take, so that a hang is measured, not cut. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** What the ledger promises while the database is away: an answer, 503 at worst, within this. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int MIN_ACKNOWLEDGED_BEFORE = 1_500;
    private static final int BATCH_EVENTS = 200;
    private static final int SOURCES = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] REGIONS = {"320800", "320803", "320804", "320812", "320813", "320826", "320830",
            "320831"};

    private static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();
    private static final List<EmbeddedPostgres> DATABASES = new CopyOnWriteArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = token(6);
    private final AtomicInteger eventCounter = new AtomicInteger();
    private final String sourcePassword = token(20);
    private final String auditorPassword = token(20);
    private final String adminPassword = token(20);

    private Path workDir;
    private int ledgerPort;
    private int databasePort;
    private long t0;

    @AfterAll
    static void cleanUp() {
        for (Process process : PROCESSES) {
            process.destroyForcibly();
        }
        for (EmbeddedPostgres database : DATABASES) {
            try {
                database.close();
            } catch (IOException e) {
                LOG.warn("cannot stop the embedded PostgreSQL: {}", e.toString());
            }
        }
    }

    /** One answer as the clients saw it: when it was sent and answered (ns since the stop), and what. */
    private record Answer(String what, long sentNanos, long answeredNanos, int status, boolean retryAfter,
                          String body) {

        long tookMillis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredNanos - sentNanos);
        }
    }

    @Test
    void aDatabaseStoppedUnderLoadCostsNeitherAnAcknowledgedEventNorARestart() throws Exception {
        Path jar = PackagedJar.find();
        workDir = Files.createTempDirectory("ledger-outage-");
        ledgerPort = freePort();
        databasePort = freePort();
        Path pgData = workDir.resolve("pgdata");
        boolean passed = false;
        Process ledger = null;
        ExecutorService clients = Executors.newFixedThreadPool(SOURCES + 3);
        try {
            EmbeddedPostgres database = startDatabase(pgData);
            ledger = startLedger(jar);
            t0 = System.nanoTime() + TimeUnit.DAYS.toNanos(1); // moved to the stop below

            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // eventId -> ledgerEventId
            Set<String> posted = ConcurrentHashMap.newKeySet();
            Queue<Answer> posts = new ConcurrentLinkedQueue<>();
            Queue<Answer> queries = new ConcurrentLinkedQueue<>();
            Queue<Answer> probes = new ConcurrentLinkedQueue<>();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean stopPosting = new AtomicBoolean();
            AtomicBoolean stopWatching = new AtomicBoolean();

            List<Future<?>> sources = new ArrayList<>();
            for (int s = 0; s < SOURCES; s++) {
                int source = s;
                sources.add(clients.submit(() -> {
                    post(source, stopPosting, acknowledged, posted, posts, failures);
                    return null;
                }));
            }
            Future<?> auditor = clients.submit(() -> {
                watch(stopWatching, queries, failures, List.<String[]>of(new String[] {"GET /api/v1/balances",
                        auditorAuth()}));
                return null;
            });
            Future<?> readiness = clients.submit(() -> {
                watch(stopWatching, probes, failures, List.<String[]>of(new String[] {"GET /actuator/health/readiness",
                        null}));
                return null;
            });
            Future<?> monitor = clients.submit(() -> {
                watch(stopWatching, probes, failures, List.of(new String[] {"GET /actuator/health/liveness", null},
                        new String[] {"GET /actuator/health", null}));
                return null;
            });

            long postingStart = System.nanoTime();
            while (acknowledged.size() < MIN_ACKNOWLEDGED_BEFORE || System.nanoTime() - postingStart
                    < TimeUnit.SECONDS.toNanos(3)) {
                assertThat(failures).as("failures before the stop").isEmpty();
                assertThat(System.nanoTime() - postingStart).as("%s events acknowledged before the stop",
                        acknowledged.size()).isLessThan(TimeUnit.SECONDS.toNanos(60));
                Thread.sleep(50);
            }
            int acknowledgedBefore = acknowledged.size();

            // The database goes away: pg_ctl stop -m fast, with both sources' batches in flight.
            t0 = System.nanoTime();
            database.close();
            long stoppedMillis = sinceStop();
            LOG.info("PostgreSQL stopped {} ms after the stop began; {} events acknowledged before", stoppedMillis,
                    acknowledgedBefore);
            Thread.sleep(OUTAGE.toMillis() - sinceStop());

            long restartNanos = System.nanoTime();
            database = startDatabase(pgData);
            long restartedMillis = sinceStop();
            LOG.info("PostgreSQL running again {} ms after the stop (start took {} ms)", restartedMillis,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartNanos));

            // Posting goes on until ingestion and readiness are back, and a while longer.
            long resumeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (firstAfter(posts, "POST", restartNanos - t0, 200) == null
                    || firstAfter(probes, "GET /actuator/health/readiness", restartNanos - t0, 200) == null) {
                assertThat(System.nanoTime()).as("ingestion and readiness back within 60 s of the restart")
                        .isLessThan(resumeDeadline);
                Thread.sleep(50);
            }
            Thread.sleep(3_000);
            stopPosting.set(true);
            for (Future<?> source : sources) {
                source.get(90, TimeUnit.SECONDS); // each source finishes its batch: all of it acknowledged
            }

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("stoppedMs", stoppedMillis);
            figures.put("restartedMs", restartedMillis);
            JsonNode caughtUp = awaitProcessors(restartNanos, figures);
            stopWatching.set(true);
            auditor.get(30, TimeUnit.SECONDS);
            monitor.get(30, TimeUnit.SECONDS);
            readiness.get(30, TimeUnit.SECONDS);

            // ---- what the clients saw
            assertThat(failures).as("answers other than 2xx or 503 with Retry-After").isEmpty();
            List<Answer> all = Stream.of(posts, queries, probes).flatMap(Queue::stream).toList();
            assertThat(all).filteredOn(a -> a.status >= 500 && a.status != 503).isEmpty();
            long restartedAt = restartNanos - t0;
            Answer firstPost503 = firstAfter(posts, "POST", 0, 503);
            Answer firstQuery503 = firstAfter(queries, "GET /api/v1/balances", 0, 503);
            Answer readinessDown = firstAfter(probes, "GET /actuator/health/readiness", 0, 503);
            Answer healthDown = firstAfter(probes, "GET /actuator/health", 0, 503);
            assertThat(firstPost503).as("a post answered 503 during the outage").isNotNull();
            assertThat(firstQuery503).as("a query answered 503 during the outage").isNotNull();
            assertThat(readinessDown).as("readiness DOWN during the outage").isNotNull();
            assertThat(healthDown).as("health DOWN during the outage").isNotNull();
            figures.put("first503PostMs", millis(firstPost503.answeredNanos));
            figures.put("first503QueryMs", millis(firstQuery503.answeredNanos));
            figures.put("readinessDownMs", millis(readinessDown.answeredNanos));
            assertThat(millis(firstPost503.answeredNanos)).as("first post 503 after the stop; posts answered then "
                            + "(sent ms, answered ms, status): %s", posts.stream().filter(a -> a.answeredNanos > 0
                            && a.sentNanos < restartedAt).map(a -> "(" + millis(a.sentNanos) + ", "
                            + millis(a.answeredNanos) + ", " + a.status + ")").toList())
                    .isLessThanOrEqualTo(BOUND.toMillis());
            assertThat(millis(firstQuery503.answeredNanos)).as("first query 503 after the stop")
                    .isLessThanOrEqualTo(BOUND.toMillis());
            assertThat(millis(readinessDown.answeredNanos)).as("readiness DOWN after the stop")
                    .isLessThanOrEqualTo(BOUND.toMillis());
            assertThat(JSON.readTree(healthDown.body).path("components").path("db").path("status").asText())
                    .as("/actuator/health names the database: %s", healthDown.body).isEqualTo("DOWN");
            assertThat(probes).filteredOn(a -> a.what.equals("GET /actuator/health/liveness"))
                    .as("liveness stays UP: restarting the ledger would not bring the database back")
                    .isNotEmpty().allSatisfy(a -> assertThat(a.status).isEqualTo(200));
            // During the outage (from the stop to the restart) every answer comes within the bound,
            // counted from the stop for what was in flight then; each 503 carries Retry-After.
            List<Answer> outage = all.stream().filter(a -> a.answeredNanos > 0 && a.sentNanos < restartedAt).toList();
            long slowestMillis = 0;
            for (Answer answer : outage) {
                long waited = TimeUnit.NANOSECONDS.toMillis(answer.answeredNanos - Math.max(0, answer.sentNanos));
                slowestMillis = Math.max(slowestMillis, waited);
                assertThat(waited).as("%s sent %d ms after the stop answered %d after %d ms", answer.what,
                        millis(answer.sentNanos), answer.status, answer.tookMillis()).isLessThanOrEqualTo(BOUND.toMillis());
            }
            figures.put("slowestOutageAnswerMs", slowestMillis);
            assertThat(all).filteredOn(a -> a.status == 503 && !a.what.startsWith("GET /actuator"))
                    .allSatisfy(a -> assertThat(a.retryAfter).as("Retry-After on %s", a.what).isTrue());
            Answer resumed = firstAfter(posts, "POST", restartedAt, 200);
            figures.put("ingestionResumedAfterRestartMs", millis(resumed.answeredNanos - restartedAt));
            figures.put("readinessUpAfterRestartMs", millis(firstAfter(probes, "GET /actuator/health/readiness",
                    restartedAt, 200).answeredNanos - restartedAt));
            figures.put("posts503", posts.stream().filter(a -> a.status == 503).count());
            figures.put("batchItems503", posts.stream().filter(a -> a.status == 200 && a.body.contains("\"status\":503"))
                    .count());

            // ---- every acknowledged event exactly once, with its receipt and stream; nothing else stored
            assertThat(acknowledged.keySet()).as("every posted event was acknowledged in the end")
                    .isEqualTo(posted);
            JdbcTemplate jdbc = new JdbcTemplate(database.getPostgresDatabase());
            List<String> stored = jdbc.queryForList("SELECT event_identifier FROM domain_event_entry", String.class);
            assertThat(stored).as("events in the store").hasSize(acknowledged.size()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(stored)).as("the stored events are the acknowledged ones")
                    .isEqualTo(new HashSet<>(acknowledged.values()));
            assertThat(jdbc.queryForList("SELECT aggregate_identifier FROM domain_event_entry GROUP BY "
                    + "aggregate_identifier HAVING count(*) > 1", String.class)).as("streams with a second event").isEmpty();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM ingest_receipt r JOIN domain_event_entry e "
                    + "ON e.event_identifier = r.ledger_event_id", Long.class)).as("receipts with their event")
                    .isEqualTo(acknowledged.size());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM ingest_receipt", Long.class)).as("receipts")
                    .isEqualTo(acknowledged.size());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_stream", Long.class)).as("streams")
                    .isEqualTo(acknowledged.size());

            // ---- the seal and the whole store verify
            HttpResponse<String> verify = send(HttpRequest.newBuilder(uri("/api/v1/ledger/verify"))
                    .header("Authorization", auditorAuth()).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(120)).build());
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
            JsonNode verified = JSON.readTree(verify.body());
            assertThat(verified.path("valid").asBoolean()).as("verify: %s", verified).isTrue();
            assertThat(verified.path("unsealed").asLong()).as("verify: %s", verified).isZero();
            assertThat(verified.path("checked").asLong()).as("verify: %s", verified).isEqualTo(acknowledged.size());

            // ---- the log: one line each way, no stack trace
            List<String> log = Files.readAllLines(workDir.resolve("ledger.log"), StandardCharsets.UTF_8);
            assertThat(log).filteredOn(l -> l.contains("The database became unavailable")).hasSize(1);
            assertThat(log).filteredOn(l -> l.contains("The database is available again")).hasSize(1);
            assertThat(log).as("stack traces in the ledger's log").noneMatch(l -> l.startsWith("\tat "));

            figures.put("acknowledgedBefore", acknowledgedBefore);
            figures.put("acknowledged", acknowledged.size());
            figures.put("processors", caughtUp);
            LOG.info("database outage: {}", figures);
            passed = true;
        } finally {
            clients.shutdownNow();
            if (ledger != null) {
                ledger.destroyForcibly();
                ledger.waitFor(20, TimeUnit.SECONDS);
            }
            for (EmbeddedPostgres database : DATABASES) {
                database.close();
            }
            DATABASES.clear();
            if (passed) {
                deleteRecursively(workDir);
            } else {
                LOG.info("ledger log and database kept in {}", workDir);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the clients

    /**
     * One source: posts a batch, and re-posts what was not acknowledged (answered 503, as a whole or
     * item by item) until all of it is; then the next batch, until told to stop.
     */
    private void post(int source, AtomicBoolean stop, Map<String, String> acknowledged, Set<String> posted,
                      Queue<Answer> answers, Queue<String> failures) throws Exception {
        while (!stop.get()) {
            List<ObjectNode> pending = batch(source);
            pending.forEach(e -> posted.add(e.get("eventId").textValue()));
            while (!pending.isEmpty()) {
                ArrayNode body = JSON.createArrayNode().addAll(pending);
                long sent = System.nanoTime();
                HttpResponse<String> response;
                try {
                    response = send(HttpRequest.newBuilder(uri("/api/v1/events/batch")).timeout(REQUEST_TIMEOUT)
                            .header("Authorization", sourceAuth()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
                } catch (IOException e) {
                    failures.add("a post failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)
                            + " ms: " + e);
                    return;
                }
                Answer answer = answer("POST", sent, response);
                answers.add(answer);
                if (response.statusCode() == 503) {
                    if (!answer.retryAfter) {
                        failures.add("a 503 without Retry-After: " + response.body());
                    }
                    Thread.sleep(200);
                    continue;
                }
                if (response.statusCode() != 200) {
                    failures.add("a post answered " + response.statusCode() + ": " + abbreviate(response.body()));
                    return;
                }
                JsonNode results = JSON.readTree(response.body()).get("results");
                List<ObjectNode> again = new ArrayList<>();
                for (JsonNode result : results) {
                    int status = result.get("status").intValue();
                    ObjectNode envelope = pending.get(result.get("index").intValue());
                    if (status == 200 || status == 201) {
                        String eventId = envelope.get("eventId").textValue();
                        String ledgerEventId = result.get("receipt").get("ledgerEventId").textValue();
                        String earlier = acknowledged.putIfAbsent(eventId, ledgerEventId);
                        if (earlier != null && !earlier.equals(ledgerEventId)) {
                            failures.add(eventId + " acknowledged twice, as " + earlier + " and " + ledgerEventId);
                        }
                    } else if (status == 503) {
                        again.add(envelope);
                    } else {
                        failures.add("item " + envelope.get("eventId").textValue() + " answered " + result);
                    }
                }
                if (!again.isEmpty()) {
                    Thread.sleep(200);
                }
                pending = again;
            }
        }
    }

    /** Sends each request in turn, every 250 ms, until told to stop; records every answer. */
    private void watch(AtomicBoolean stop, Queue<Answer> answers, Queue<String> failures, List<String[]> requests)
            throws Exception {
        while (!stop.get()) {
            for (String[] request : requests) {
                String path = request[0].substring(request[0].indexOf(' ') + 1);
                HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET();
                if (request[1] != null) {
                    builder.header("Authorization", request[1]);
                }
                long sent = System.nanoTime();
                try {
                    HttpResponse<String> response = send(builder.build());
                    Answer answer = answer(request[0], sent, response);
                    answers.add(answer);
                    if (response.statusCode() != 200 && response.statusCode() != 503) {
                        failures.add(request[0] + " answered " + response.statusCode() + ": "
                                + abbreviate(response.body()));
                    }
                } catch (IOException e) {
                    failures.add(request[0] + " failed: " + e);
                }
            }
            Thread.sleep(250);
        }
    }

    private Answer answer(String what, long sentNanos, HttpResponse<String> response) {
        return new Answer(what, sentNanos - t0, System.nanoTime() - t0, response.statusCode(),
                response.headers().firstValue("Retry-After").isPresent(), response.body());
    }

    /** The first answer of that kind and status given at or after the given time (ns since the stop). */
    private static Answer firstAfter(Queue<Answer> answers, String what, long fromNanos, int status) {
        return answers.stream().filter(a -> a.what.equals(what) && a.answeredNanos >= fromNanos && a.status == status)
                .min(Comparator.comparingLong(Answer::answeredNanos)).orElse(null);
    }

    /**
     * Waits (bounded) until every processor (the views, the access log, the seal) has reached the head
     * of the store again, without a restart of the ledger.
     */
    private JsonNode awaitProcessors(long restartNanos, Map<String, Object> figures) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/admin/projections"))
                    .header("Authorization", adminAuth()).timeout(REQUEST_TIMEOUT).GET().build());
            if (response.statusCode() == 200) {
                JsonNode items = JSON.readTree(response.body()).path("items");
                boolean all = items.size() >= 5;
                for (JsonNode processor : items) {
                    all &= processor.path("running").asBoolean() && !processor.path("error").asBoolean()
                            && processor.path("position").asLong() == processor.path("head").asLong();
                }
                if (all) {
                    figures.put("processorsCaughtUpAfterRestartMs",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartNanos));
                    return items;
                }
                assertThat(System.nanoTime()).as("every processor caught up within 120 s: %s", response.body())
                        .isLessThan(deadline);
            }
            Thread.sleep(250);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the database and the ledger

    private EmbeddedPostgres startDatabase(Path dataDirectory) throws IOException {
        EmbeddedPostgres database = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).setPort(databasePort).start();
        DATABASES.add(database);
        return database;
    }

    private Process startLedger(Path jar) throws Exception {
        Path log = workDir.resolve("ledger.log");
        KeyPair seal = Ed25519Keys.generate();
        Path sealKey = workDir.resolve("seal.pem");
        Files.writeString(sealKey, Ed25519Keys.privateKeyPem(seal.getPrivate()) + Ed25519Keys.publicKeyPem(seal.getPublic()));
        byte[] pseudonymKey = new byte[32];
        RANDOM.nextBytes(pseudonymKey);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Daxoniq.update-checker.disabled=true", "-Xmx1g",
                "-jar", jar.toString(), "--spring.profiles.active=postgres",
                "--server.port=" + ledgerPort, "--server.address=" + HOST, "--ledger.data-dir=" + workDir.resolve("data"),
                "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--ledger.pseudonym.key=" + HexFormat.of().formatHex(pseudonymKey),
                "--ledger.seal.key-file=" + sealKey));
        String[][] clients = {{"importer", sourcePassword, "SOURCE"}, {"auditor", auditorPassword, "AUDITOR"},
                {"admin", adminPassword, "ADMIN"}};
        for (int i = 0; i < clients.length; i++) {
            command.add("--ledger.security.clients[" + i + "].name=" + clients[i][0]);
            command.add("--ledger.security.clients[" + i + "].password-hash={bcrypt}" + bcrypt.encode(clients[i][1]));
            command.add("--ledger.security.clients[" + i + "].role=" + clients[i][2]);
        }
        command.add("--ledger.security.clients[0].event-types=*");
        command.add("--ledger.security.clients[0].backfill=true");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PROCESSES.add(process);
        long begin = System.nanoTime();
        while (System.nanoTime() - begin < START_TIMEOUT.toNanos()) {
            if (!process.isAlive()) {
                fail("the ledger exited with " + process.exitValue() + " before it was ready; log " + log + ":\n"
                        + tail(log));
            }
            try {
                if (send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5))
                        .GET().build()).statusCode() == 200) {
                    LOG.info("ledger ready after {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return fail("the ledger was not ready within " + START_TIMEOUT + "; log " + log + ":\n" + tail(log));
    }

    // ------------------------------------------------------------------------------------------------
    // helpers

    /** A batch of stream-creating events, FundOpened and EnterpriseRegistered alternately. */
    private List<ObjectNode> batch(int source) {
        List<ObjectNode> batch = new ArrayList<>(BATCH_EVENTS);
        for (int i = 0; i < BATCH_EVENTS; i++) {
            int n = eventCounter.incrementAndGet();
            String region = REGIONS[n % REGIONS.length];
            ObjectNode envelope = openingEvent(JSON.createObjectNode(), "OUTAGE-" + run + "-" + source + "-" + n,
                    "OUTAGE-" + run, "停库测试", n, region);
            batch.add(envelope);
        }
        return batch;
    }

    private long sinceStop() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static long millis(long nanosSinceStop) {
        return TimeUnit.NANOSECONDS.toMillis(nanosSinceStop);
    }

    private URI uri(String path) {
        return URI.create("http://" + HOST + ":" + ledgerPort + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String sourceAuth() {
        return basic("importer", sourcePassword);
    }

    private String auditorAuth() {
        return basic("auditor", auditorPassword);
    }

    private String adminAuth() {
        return basic("admin", adminPassword);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
