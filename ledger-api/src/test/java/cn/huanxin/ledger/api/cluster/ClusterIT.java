package cn.huanxin.ledger.api.cluster;

import cn.huanxin.ledger.api.e2e.JarTestSupport;
import cn.huanxin.ledger.api.e2e.PackagedJar;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static cn.huanxin.ledger.api.e2e.JarTestSupport.abbreviate;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.deleteRecursively;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.openingEvent;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.tail;
import static cn.huanxin.ledger.api.e2e.JarTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two ledger nodes on one database behave as one ledger (docs/operations.md, "Several nodes"). The
 * test starts one embedded PostgreSQL and two packaged jars on it ({@code node-a}, {@code node-b}:
 * the production profile, the same seal key and pseudonym key, data directories of their own), and
 * goes through five phases, each a test method in order (a phase runs only if the ones before it
 * passed):
 * <ol>
 *   <li><b>One ledger.</b> A small realistic ledger (funds opened, appropriated and allocated,
 *   enterprises, subsidies granted, paid — partly over-paid — and reversed, appliances collected) is
 *   posted half to each node, a grant's payment always to the node that did not record the grant.
 *   Then 40 envelopes are each posted to both nodes at the same moment: exactly one 201 and one 200
 *   with the same receipt, and the stream holds the event once. Once every view has caught up both
 *   nodes answer balances, the trial balance, alerts, traces and the plan's targets identically, and
 *   the balances are those computed here from what was posted.</li>
 *   <li><b>Status is cluster-wide, work is shared.</b> Both nodes show the same processors (from the
 *   token store), each segment held by exactly one live node, both nodes live, and the four
 *   segments of balance and of supervision split two and two.</li>
 *   <li><b>Rebuild from any node.</b> fraud (one segment) is rebuilt through the node that does not
 *   hold it, balance (held by both) through the other one, and supervision through both nodes at
 *   the same moment (one runs; the other is refused 409 {@code REBUILD_IN_PROGRESS}, or runs after
 *   it). The views replay to the same answers as before, no rebuild request is left open, and every
 *   view runs and is claimed afterwards. The seal cannot be rebuilt (409).</li>
 *   <li><b>SIGKILL.</b> Both nodes take batches of stream-opening events from client threads, and
 *   node A is killed with SIGKILL while a batch is in flight on it. Node B holds every segment of
 *   every view within the claim timeout plus the claim interval plus a margin (measured); every
 *   event acknowledged by either node is stored exactly once under its receipt; batches the kill
 *   cut off answer 200 or 201 per item when posted again; the views catch up, the whole store
 *   verifies against the one seal, and a checkpoint can be signed on demand on B.</li>
 *   <li><b>Rejoin.</b> Node A starts again under its name, the segments are shared again, both
 *   nodes answer alike, and what they answer about the phase-one ledger is what it was before the
 *   load and the kill.</li>
 * </ol>
 * Every measured figure is logged at INFO with the prefix {@code CLUSTER}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterIT.class);

    private static final String HOST = "127.0.0.1";
    private static final String NODE_A = "node-a";
    private static final String NODE_B = "node-b";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** The views every node runs: balance and supervision on four segments (set for a cluster), the others on one. */
    private static final List<String> VIEWS = List.of("access", "balance", "fraud", "seal", "supervision");
    private static final List<String> SHARED_VIEWS = List.of("balance", "supervision");
    /** application.yml: ledger.cluster.claim-timeout, the processors' token-claim-interval, the heartbeat. */
    private static final long CLAIM_TIMEOUT_MS = 10_000;
    private static final long CLAIM_INTERVAL_MS = 2_000;
    private static final long HEARTBEAT_MS = 1_000;
    /** How long the survivor may take to hold every segment after the kill: the three above and a margin. */
    private static final long TAKEOVER_BOUND_MS = 20_000;
    /** How long the nodes may take to share balance and supervision two and two. */
    private static final long SPLIT_BOUND_MS = 15_000;
    private static final int PAIRS = 40;
    private static final int SUBSIDIES = 60;
    private static final List<String> COUNTIES = List.of("320803", "320804", "320812", "320813");
    private static final String[] REGIONS = {"320800", "320803", "320804", "320812", "320813", "320826", "320830",
            "320831"};
    private static final int MIN_LOAD_ACKNOWLEDGED = 1_000;
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = token(6);
    private final String sourcePassword = token(20);
    private final String auditorPassword = token(20);
    private final String adminPassword = token(20);
    /** Every figure measured, in the order measured; logged again at the end. */
    private final Map<String, Object> figures = Collections.synchronizedMap(new LinkedHashMap<>());

    private EmbeddedPostgres database;
    private JdbcTemplate jdbc;
    private Path workDir;
    private Path jar;
    private Node a;
    private Node b;
    private int phasesPassed;
    private long bothReadyAt;
    private SplitWatch splitWatch;

    /** Expected balance rows in fen by fund|region: allocated, granted, paid, reversed. */
    private final Map<String, long[]> expectedRows = new TreeMap<>();
    private String firstSubsidy;
    private String firstFund;
    private String secondFund;
    /** The answers of both nodes after phase one, to compare with after the rebuild. */
    private Map<String, String> answersBeforeRebuild;

    /** One ledger process: its name, port, directory and command line (the same on a restart). */
    private static final class Node {
        final String id;
        final int port;
        final Path dir;
        final List<String> command = new ArrayList<>();
        Process process;
        Path log;
        int starts;

        Node(String id, int port, Path dir) {
            this.id = id;
            this.port = port;
            this.dir = dir;
        }

        URI uri(String path) {
            return URI.create("http://" + HOST + ":" + port + path);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the cluster

    @BeforeAll
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void startCluster() throws Exception {
        jar = PackagedJar.find();
        workDir = Files.createTempDirectory("ledger-cluster-");
        long begin = System.nanoTime();
        database = EmbeddedPostgres.builder().start();
        jdbc = new JdbcTemplate(database.getPostgresDatabase());
        figure("postgresStartMs", millisSince(begin));

        KeyPair seal = Ed25519Keys.generate();
        Path sealKey = workDir.resolve("seal.pem");
        Files.writeString(sealKey, Ed25519Keys.privateKeyPem(seal.getPrivate())
                + Ed25519Keys.publicKeyPem(seal.getPublic()));
        byte[] pseudonymKey = new byte[32];
        RANDOM.nextBytes(pseudonymKey);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        String[][] clients = {{"importer", sourcePassword, "SOURCE"}, {"auditor", auditorPassword, "AUDITOR"},
                {"admin", adminPassword, "ADMIN"}};
        a = new Node(NODE_A, freePort(), Files.createDirectories(workDir.resolve(NODE_A)));
        b = new Node(NODE_B, freePort(), Files.createDirectories(workDir.resolve(NODE_B)));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (Node node : List.of(a, b)) {
            node.command.addAll(List.of(java, "-Daxoniq.update-checker.disabled=true", "-Xmx768m",
                    "-jar", jar.toString(), "--spring.profiles.active=postgres",
                    "--server.port=" + node.port, "--server.address=" + HOST,
                    "--ledger.data-dir=" + node.dir.resolve("data"),
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + database.getPort() + "/postgres",
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--ledger.pseudonym.key=" + HexFormat.of().formatHex(pseudonymKey),
                    "--ledger.seal.key-file=" + sealKey,
                    "--ledger.cluster.node-id=" + node.id,
                    // A cluster set up for up to four nodes (docs/operations.md, "Several nodes on one
                    // database"): balance and supervision on four segments, two per node here.
                    "--axon.eventhandling.processors.balance.initial-segment-count=4",
                    "--axon.eventhandling.processors.supervision.initial-segment-count=4"));
            for (int i = 0; i < clients.length; i++) {
                node.command.add("--ledger.security.clients[" + i + "].name=" + clients[i][0]);
                node.command.add("--ledger.security.clients[" + i + "].password-hash={bcrypt}"
                        + bcrypt.encode(clients[i][1]));
                node.command.add("--ledger.security.clients[" + i + "].role=" + clients[i][2]);
            }
            node.command.add("--ledger.security.clients[0].event-types=*");
            node.command.add("--ledger.security.clients[0].backfill=true");
        }
        // Both at once, as an operator starts a cluster: the migrations and the first tokens race.
        long launched = System.nanoTime();
        launch(a);
        launch(b);
        splitWatch = new SplitWatch(launched);
        splitWatch.start();
        awaitReady(a, launched);
        awaitReady(b, launched);
        bothReadyAt = System.nanoTime();
        figure("bothReadyMs", TimeUnit.NANOSECONDS.toMillis(bothReadyAt - launched));
    }

    @AfterAll
    void cleanUp() {
        boolean passed = phasesPassed == 5;
        if (splitWatch != null) {
            splitWatch.interrupt();
        }
        LOG.info("CLUSTER figures: {}", figures);
        if (a != null && b != null) {
            logWarnings();
        }
        if (!passed && a != null && b != null) {
            for (Node node : List.of(a, b)) {
                if (node.log != null) {
                    LOG.info("CLUSTER last lines of {} ({}):\n{}", node.id, node.log, tail(node.log));
                }
            }
        }
        for (Process process : PROCESSES) {
            process.destroyForcibly();
        }
        for (Process process : PROCESSES) {
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                LOG.warn("cannot stop the embedded PostgreSQL: {}", e.toString());
            }
        }
        if (workDir != null) {
            if (passed) {
                deleteRecursively(workDir);
            } else {
                LOG.info("CLUSTER logs and data kept in {}", workDir);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // phase 1: one ledger

    @Test
    @Order(1)
    void anyNodeAcceptsPostsAKeyPostedToBothIsRecordedOnceAndBothAnswerAlike() throws Exception {
        long phaseStart = System.nanoTime();
        Random random = new Random(20_240_801);
        String f1 = "CL-" + run + "-F1";
        String f2 = "CL-" + run + "-F2";
        firstFund = f1;
        secondFund = f2;
        List<String> funds = List.of(f1, f2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Funds opened and appropriated through A, allocated through B.
            List<ObjectNode> opened = new ArrayList<>();
            for (String fund : funds) {
                opened.add(envelope("FUND-" + fund, "FundOpened", "2024-07-01T09:00:00+08:00", Map.of(
                        "fundId", fund, "name", "以旧换新集群测试 " + fund, "year", 2024,
                        "scheme", "CONSUMER_TRADE_IN",
                        "source", "CENTRAL_BOND", "regionCode", "320800", "documentNo", "苏财建〔2024〕7号")));
                opened.add(envelope("APPR-" + fund, "FundAppropriated", "2024-07-01T10:00:00+08:00", Map.of(
                        "fundId", fund, "appropriationId", "AP-" + fund, "amount", "5000000.00", "documentNo", "D-1")));
            }
            expectCreated(postBatch(a, opened), opened);
            List<ObjectNode> allocations = new ArrayList<>();
            for (String fund : funds) {
                for (String county : COUNTIES) {
                    long fen = 200_000_00L + random.nextInt(50_000_00);
                    allocations.add(envelope("ALLOC-" + fund + "-" + county, "FundAllocated",
                            "2024-07-02T09:00:00+08:00", Map.of("fundId", fund,
                                    "allocationId", "AL-" + fund + "-" + county,
                                    "regionCode", county, "amount", money(fen), "documentNo", "D-2")));
                    row(fund, county)[0] += fen;
                }
            }
            expectCreated(postBatch(b, allocations), allocations);

            // Enterprises through both, subsidies granted half through each: two batches at once.
            List<ObjectNode> toA = new ArrayList<>();
            List<ObjectNode> toB = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String enterprise = JarTestSupport.enterpriseId();
                List<ObjectNode> target = i % 2 == 0 ? toA : toB;
                target.add(envelope("ENT-" + i, "EnterpriseRegistered", "2024-07-03T09:00:00+08:00", Map.of(
                        "enterpriseId", enterprise, "name", "淮安市集群测试回收有限公司" + i,
                        "roles", List.of("RECYCLER", "DISMANTLER"), "regionCode", COUNTIES.get(i))));
                target.add(envelope("QUAL-" + i, "QualificationGranted", "2024-07-04T09:00:00+08:00", Map.of(
                        "enterpriseId", enterprise, "qualification", "RECYCLING_FILING",
                        "certificateNo", "JS-HS-2024-" + i, "validFrom", "2024-07-04")));
            }
            List<ObjectNode> grantsA = new ArrayList<>();
            List<ObjectNode> grantsB = new ArrayList<>();
            List<ObjectNode> payToA = new ArrayList<>();
            List<ObjectNode> payToB = new ArrayList<>();
            String sharedPerson = idNumber();
            for (int i = 0; i < SUBSIDIES; i++) {
                String subsidy = "CL-" + run + "-S" + i;
                if (i == 0) {
                    firstSubsidy = subsidy;
                }
                String fund = funds.get(i % 2);
                String county = COUNTIES.get(random.nextInt(COUNTIES.size()));
                long fen = 300_00L + random.nextInt(1_500_00);
                String day = String.format("2024-08-%02d", 1 + i % 28);
                // Every tenth beneficiary is one person: a per-person limit the fraud rules see.
                String person = i % 10 == 3 ? sharedPerson : idNumber();
                ObjectNode grant = envelope("GRANT-" + i, "SubsidyGranted", day + "T10:00:00+08:00", Map.of(
                        "subsidyId", subsidy, "fundId", fund, "regionCode", county,
                        "programme", i % 3 == 1 ? "DIGITAL" : "APPLIANCE",
                        "beneficiary", Map.of("kind", "PERSON", "idNumber", person), "amount", money(fen)));
                boolean grantedByA = i % 2 == 0;
                (grantedByA ? grantsA : grantsB).add(grant);
                long[] expected = row(fund, county);
                expected[1] += fen;
                if (i % 3 != 0) {
                    // Paid through the other node than the grant; every tenth over-paid (rule R18).
                    long paid = i % 10 == 1 ? fen + 10_00 : fen;
                    ObjectNode payment = envelope("PAY-" + i, "SubsidyPaid", day + "T16:00:00+08:00", Map.of(
                            "subsidyId", subsidy, "paymentId", "P-" + subsidy, "amount", money(paid),
                            "paidOn", day, "payeeAccount", payeeAccount()));
                    (grantedByA ? payToB : payToA).add(payment);
                    expected[2] += paid;
                } else if (i % 6 == 0) {
                    // Reversed before any payment: the whole reversal comes out of the commitment.
                    long reversed = i % 12 == 0 ? fen : fen / 2;
                    (grantedByA ? grantsA : grantsB).add(envelope("REV-" + i, "SubsidyReversed",
                            day + "T18:00:00+08:00", Map.of("subsidyId", subsidy, "reversalId", "RV-" + subsidy,
                                    "amount", money(reversed), "reason", "PRODUCT_RETURNED")));
                    expected[3] += reversed;
                }
            }
            for (int i = 0; i < 3; i++) {
                (i % 2 == 0 ? toA : toB).add(envelope("COLLECT-" + i, "ApplianceCollected",
                        "2024-08-20T09:00:00+08:00", Map.of("returnId", "RT-" + run + "-" + i, "category", "TV",
                                "brand", "海信", "model", "H55", "owner", Map.of("idNumber", idNumber()),
                                "collectorId", JarTestSupport.enterpriseId(), "collectedOn", "2024-08-20",
                                "regionCode", "320812")));
            }
            toA.addAll(grantsA);
            toB.addAll(grantsB);
            postBothAtOnce(pool, toA, toB);
            postBothAtOnce(pool, payToA, payToB);
            int scenarioEvents = opened.size() + allocations.size() + toA.size() + toB.size() + payToA.size()
                    + payToB.size();
            figure("scenarioEvents", scenarioEvents);
            figure("scenarioPostedMs", millisSince(phaseStart));

            // The same key to both nodes at the same moment: recorded once, 201 once, 200 once.
            long pairsStart = System.nanoTime();
            CyclicBarrier barrier = new CyclicBarrier(2);
            int[] winsOfA = new int[1];
            List<String> pairStreams = new ArrayList<>();
            for (int k = 0; k < PAIRS; k++) {
                ObjectNode event;
                String county = COUNTIES.get(k % COUNTIES.size());
                if (k % 2 == 0) {
                    String subsidy = "CL-" + run + "-PS" + k;
                    long fen = 100_00L + k;
                    event = envelope("PAIR-" + k, "SubsidyGranted", "2024-08-29T10:00:00+08:00", Map.of(
                            "subsidyId", subsidy, "fundId", f1, "regionCode", county, "programme", "DIGITAL",
                            "beneficiary", Map.of("kind", "PERSON", "idNumber", idNumber()), "amount", money(fen)));
                    row(f1, county)[1] += fen;
                    pairStreams.add("subsidy:" + subsidy);
                } else {
                    // An event on an existing stream, whose aggregate either node may hold in its cache.
                    event = envelope("PAIR-" + k, "FundAllocated", "2024-08-29T11:00:00+08:00", Map.of(
                            "fundId", f2, "allocationId", "AL-PAIR-" + run + "-" + k, "regionCode", county,
                            "amount", "1000.00", "documentNo", "D-P"));
                    row(f2, county)[0] += 1000_00L;
                    pairStreams.add("fund:" + f2);
                }
                byte[] body = JSON.writeValueAsBytes(event);
                Future<HttpResponse<String>> viaA = pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return send(post(a, "/api/v1/events", sourceAuth(), body));
                });
                Future<HttpResponse<String>> viaB = pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return send(post(b, "/api/v1/events", sourceAuth(), body));
                });
                HttpResponse<String> answerA = viaA.get(60, TimeUnit.SECONDS);
                HttpResponse<String> answerB = viaB.get(60, TimeUnit.SECONDS);
                List<Integer> statuses = List.of(answerA.statusCode(), answerB.statusCode());
                assertThat(statuses).as("pair %d (%s) posted to both nodes at once: A answered %s, B answered %s", k,
                        event.get("type").textValue(), abbreviate(answerA.body()), abbreviate(answerB.body()))
                        .containsExactlyInAnyOrder(200, 201);
                JsonNode receiptA = JSON.readTree(answerA.body());
                JsonNode receiptB = JSON.readTree(answerB.body());
                assertThat(receiptA.path("ledgerEventId").asText()).as("pair %d: one ledgerEventId", k)
                        .isNotEmpty().isEqualTo(receiptB.path("ledgerEventId").asText());
                assertThat(receiptA).as("pair %d: the 200 answers the original receipt", k).isEqualTo(receiptB);
                if (answerA.statusCode() == 201) {
                    winsOfA[0]++;
                }
            }
            figure("pairsMs", millisSince(pairsStart));
            figure("pairsRecordedByA", winsOfA[0]);
            figure("pairsRecordedByB", PAIRS - winsOfA[0]);
            // Each pair's event is in its stream's history exactly once (read through either node).
            Map<String, Integer> seen = new HashMap<>();
            for (String stream : new HashSet<>(pairStreams)) {
                Node reader = stream.hashCode() % 2 == 0 ? a : b;
                HttpResponse<String> history = send(get(reader, "/api/v1/history/" + stream, auditorAuth()));
                assertThat(history.statusCode()).as("history of %s: %s", stream, abbreviate(history.body()))
                        .isEqualTo(200);
                for (JsonNode event : JSON.readTree(history.body()).path("events")) {
                    String eventId = event.path("eventId").asText();
                    if (eventId.contains("-PAIR-")) {
                        seen.merge(eventId, 1, Integer::sum);
                    }
                }
            }
            assertThat(seen).as("the pairs' events in their streams' histories").hasSize(PAIRS)
                    .allSatisfy((eventId, count) -> assertThat(count).as(eventId).isEqualTo(1));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM ingest_receipt WHERE event_id LIKE ?", Long.class,
                    "CL-" + run + "-PAIR-%")).as("receipts of the pairs").isEqualTo(PAIRS);

            // Once every view has caught up, both nodes answer alike, and the balances are right.
            long caughtUpMs = awaitSettled(a, "after phase one", 90_000, false);
            figure("phase1CaughtUpMs", caughtUpMs);
            Map<String, String> answers = compareAnswers("phase one");
            checkBalances(answers.get("/api/v1/balances?limit=1000"));
            JsonNode trial = JSON.readTree(answers.get("/api/v1/balances/trial"));
            assertThat(trial.path("balanced").asBoolean()).as("trial balance %s", trial).isTrue();
            JsonNode alerts = JSON.readTree(answers.get("/api/v1/alerts?limit=1000")).path("items");
            assertThat(alerts).as("alerts (over-payments at least)").isNotEmpty();
            assertThat(alerts.findValuesAsText("ruleId")).as("rules that raised alerts").contains("R18");
            figure("alerts", alerts.size());
            answersBeforeRebuild = answers;
            figure("phase1Ms", millisSince(phaseStart));
        } finally {
            pool.shutdownNow();
        }
        phasesPassed = 1;
    }

    // ------------------------------------------------------------------------------------------------
    // phase 2: status is cluster-wide, work is shared

    @Test
    @Order(2)
    void statusIsClusterWideAndTheSegmentsAreShared() throws Exception {
        assumeTrue(phasesPassed == 1, "phase one passed");
        long phaseStart = System.nanoTime();
        // The split happened while phase one ran: the watch started with the nodes saw it first.
        long splitAt = splitWatch.awaitSplit(SPLIT_BOUND_MS);
        assertThat(splitAt).as("balance and supervision split two and two, every segment owned, both nodes live; "
                + "last status seen: %s", splitWatch.last).isNotEqualTo(Long.MIN_VALUE);
        long splitMs = TimeUnit.NANOSECONDS.toMillis(splitAt - bothReadyAt);
        figure("splitAfterBothReadyMs", splitMs);
        assertThat(splitMs).as("ms from both nodes ready until the shared views were split two and two")
                .isLessThanOrEqualTo(SPLIT_BOUND_MS);
        JsonNode status = awaitStatus(a, "balance and supervision split two and two",
                s -> everySegmentOwned(s) && split(s) && bothLive(s), SPLIT_BOUND_MS);
        figure("splitWaitedInPhase2Ms", millisSince(phaseStart));
        logOwners("phase two", status);

        JsonNode[] quiet = quietStatuses();
        JsonNode fromA = quiet[0];
        JsonNode fromB = quiet[1];
        assertThat(fromA.path("node").asText()).isEqualTo(NODE_A);
        assertThat(fromB.path("node").asText()).isEqualTo(NODE_B);
        assertThat(fromA.path("items")).as("processors as node A shows them, and as node B does")
                .isEqualTo(fromB.path("items"));
        assertThat(names(fromA.path("items"))).containsAll(VIEWS);
        for (JsonNode view : fromA.path("items")) {
            String name = view.path("name").asText();
            int expectedSegments = SHARED_VIEWS.contains(name) ? 4 : 1;
            if (VIEWS.contains(name)) {
                assertThat(view.path("segments")).as("segments of %s", name).hasSize(expectedSegments);
            }
            for (JsonNode segment : view.path("segments")) {
                assertThat(segment.path("owner").asText(null)).as("owner of %s segment %s", name,
                        segment.path("segment")).isIn(NODE_A, NODE_B);
            }
            assertThat(view.path("running").asBoolean()).as("%s running", name).isTrue();
            assertThat(view.path("error").asBoolean()).as("%s in error", name).isFalse();
        }
        for (JsonNode status1 : List.of(fromA, fromB)) {
            Map<String, Boolean> live = new TreeMap<>();
            status1.path("nodes").forEach(n -> live.put(n.path("nodeId").asText(), n.path("live").asBoolean()));
            assertThat(live).as("nodes as %s sees them", status1.path("node").asText())
                    .containsEntry(NODE_A, true).containsEntry(NODE_B, true);
        }
        for (String view : SHARED_VIEWS) {
            assertThat(ownerCounts(fromA, view)).as("owners of %s's segments", view)
                    .containsEntry(NODE_A, 2).containsEntry(NODE_B, 2);
        }
        phasesPassed = 2;
    }

    // ------------------------------------------------------------------------------------------------
    // phase 3: rebuild from any node

    @Test
    @Order(3)
    void aRebuildWorksWhicheverNodeReceivesItAndLeavesEveryViewRunning() throws Exception {
        assumeTrue(phasesPassed == 2, "phase two passed");
        long phaseStart = System.nanoTime();
        JsonNode status = status(a);
        List<String> fraudOwners = owners(status, "fraud");
        assertThat(fraudOwners).as("fraud's owner").hasSize(1);
        Node fraudOwner = fraudOwners.get(0).equals(NODE_A) ? a : b;
        Node other = fraudOwner == a ? b : a;

        long fraudStart = System.nanoTime();
        HttpResponse<String> fraud = send(post(other, "/api/v1/admin/projections/fraud/rebuild", adminAuth(), null));
        figure("fraudRebuildAnsweredMs", millisSince(fraudStart));
        assertThat(fraud.statusCode()).as("rebuild of fraud through %s, which does not hold it: %s", other,
                fraud.body()).isEqualTo(202);
        JsonNode fraudBody = JSON.readTree(fraud.body());
        assertThat(fraudBody.path("status").asText()).isEqualTo("REBUILDING");
        assertThat(fraudBody.path("name").asText()).isEqualTo("fraud");
        assertThat(fraudBody.path("node").asText()).isEqualTo(other.id);

        long balanceStart = System.nanoTime();
        HttpResponse<String> balance = send(post(fraudOwner, "/api/v1/admin/projections/balance/rebuild", adminAuth(),
                null));
        figure("balanceRebuildAnsweredMs", millisSince(balanceStart));
        assertThat(balance.statusCode()).as("rebuild of balance (held by both) through %s: %s", fraudOwner,
                balance.body()).isEqualTo(202);
        assertThat(JSON.readTree(balance.body()).path("status").asText()).isEqualTo("REBUILDING");

        // The same view through both nodes at the same moment: one rebuild runs, the other is refused
        // (409 REBUILD_IN_PROGRESS) or follows it; whatever happens, nothing stays stopped.
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<HttpResponse<String>> both = new ArrayList<>();
        long twiceStart = System.nanoTime();
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (Node node : List.of(a, b)) {
                futures.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return send(post(node, "/api/v1/admin/projections/supervision/rebuild", adminAuth(), null));
                }));
            }
            for (Future<HttpResponse<String>> future : futures) {
                both.add(future.get(90, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        figure("supervisionRebuiltThroughBothMs", millisSince(twiceStart));
        List<String> outcomes = new ArrayList<>();
        for (HttpResponse<String> response : both) {
            JsonNode body = JSON.readTree(response.body());
            outcomes.add(response.statusCode() + (body.has("code") ? " " + body.path("code").asText() : ""));
        }
        figure("supervisionRebuiltThroughBothOutcomes", "A " + outcomes.get(0) + ", B " + outcomes.get(1));
        assertThat(both).as("supervision rebuilt through both nodes at once: %s", outcomes)
                .anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(202))
                .allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(202, 409, 503));
        for (HttpResponse<String> response : both) {
            if (response.statusCode() == 409) {
                assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("REBUILD_IN_PROGRESS");
            }
        }
        // Two rebuilds of one view never run at once: when both were accepted, the second was opened
        // only after the first had ended.
        List<long[]> supervisionRuns = jdbc.query("SELECT requested_at, finished_at FROM ledger_rebuild "
                + "WHERE processor_name = 'supervision' AND state = 'DONE' ORDER BY requested_at",
                (rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)});
        for (int i = 1; i < supervisionRuns.size(); i++) {
            assertThat(supervisionRuns.get(i)[0]).as("rebuild %d of supervision opened after rebuild %d ended", i, i - 1)
                    .isGreaterThanOrEqualTo(supervisionRuns.get(i - 1)[1]);
        }

        HttpResponse<String> seal = send(post(a, "/api/v1/admin/projections/seal/rebuild", adminAuth(), null));
        assertThat(seal.statusCode()).as("rebuild of the seal: %s", seal.body()).isEqualTo(409);
        assertThat(JSON.readTree(seal.body()).path("code").asText()).isEqualTo("NOT_RESETTABLE");

        long settledMs = awaitSettled(a, "after the rebuilds", 90_000, true);
        figure("rebuildsSettledMs", settledMs);
        logOwners("after the rebuilds", status(a));
        Map<String, String> after = compareAnswers("after the rebuilds");
        assertThat(after).as("answers after the rebuilds, as before them").isEqualTo(answersBeforeRebuild);
        for (Node node : List.of(a, b)) {
            JsonNode now = status(node);
            for (JsonNode view : now.path("items")) {
                assertThat(view.path("running").asBoolean()).as("%s running, seen from %s", view.path("name"), node)
                        .isTrue();
                assertThat(view.path("replaying").asBoolean()).as("%s replaying", view.path("name")).isFalse();
            }
            assertThat(everySegmentOwned(now)).as("every segment claimed, seen from %s: %s", node, now).isTrue();
        }
        Map<String, Long> requests = new TreeMap<>();
        jdbc.query("SELECT state, count(*) FROM ledger_rebuild GROUP BY state", rs -> {
            requests.put(rs.getString(1), rs.getLong(2));
        });
        figure("rebuildRequestsByState", requests);
        assertThat(requests).as("rebuild requests left open").doesNotContainKey("REQUESTED");
        figure("phase3Ms", millisSince(phaseStart));
        phasesPassed = 3;
    }

    // ------------------------------------------------------------------------------------------------
    // phase 4: SIGKILL under load

    /** An event acknowledged with a 2xx by a node, with its receipt. */
    private record Acknowledged(String eventId, JsonNode receipt, ObjectNode envelope, String node) {
    }

    @Test
    @Order(4)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theSurvivorTakesOverAfterSigkillAndNoAcknowledgedEventIsLost() throws Exception {
        assumeTrue(phasesPassed == 3, "phase three passed");
        long phaseStart = System.nanoTime();
        Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        Queue<ArrayNode> unanswered = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stopA = new AtomicBoolean();
        AtomicBoolean stopB = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger counter = new AtomicInteger();
        // When each of A's two client threads sent the batch it is waiting for (MIN_VALUE: none).
        AtomicLong[] inFlightSinceA = {new AtomicLong(Long.MIN_VALUE), new AtomicLong(Long.MIN_VALUE)};
        AtomicLong lastBatchNanosA = new AtomicLong();
        AtomicInteger batchesA = new AtomicInteger();
        AtomicInteger batchesB = new AtomicInteger();
        ExecutorService loaders = Executors.newFixedThreadPool(3);
        long killAt;
        long takeoverMs;
        try {
            List<Future<?>> workers = new ArrayList<>();
            // Two threads post to A, one to B (B also answers the status polls during the takeover).
            for (int t = 0; t < 3; t++) {
                int thread = t;
                Node node = t < 2 ? a : b;
                AtomicBoolean stop = node == a ? stopA : stopB;
                workers.add(loaders.submit((Callable<Void>) () -> {
                    while (!stop.get()) {
                        ArrayNode batch = JSON.createArrayNode();
                        int size = 200 + RANDOM.nextInt(201);
                        for (int i = 0; i < size; i++) {
                            int n = counter.incrementAndGet();
                            openingEvent(batch.addObject(), "CL-" + run + "-LOAD-" + thread + "-" + n, "CL-" + run,
                                    "集群测试", n, REGIONS[n % REGIONS.length]);
                        }
                        long sentAt = System.nanoTime();
                        if (node == a) {
                            inFlightSinceA[thread].set(sentAt);
                        }
                        HttpResponse<String> response;
                        try {
                            response = send(post(node, "/api/v1/events/batch", sourceAuth(),
                                    JSON.writeValueAsBytes(batch)));
                        } catch (IOException e) {
                            if (node == a && killed.get()) {
                                unanswered.add(batch); // cut off by the kill, or sent as A died
                                return null;
                            }
                            failures.add(node + " batch failed: " + e);
                            return null;
                        } finally {
                            if (node == a) {
                                inFlightSinceA[thread].set(Long.MIN_VALUE);
                            }
                        }
                        if (response.statusCode() != 200) {
                            failures.add(node + " batch answered " + response.statusCode() + ": "
                                    + abbreviate(response.body()));
                            return null;
                        }
                        (node == a ? batchesA : batchesB).incrementAndGet();
                        if (node == a) {
                            lastBatchNanosA.set(System.nanoTime() - sentAt);
                        }
                        for (JsonNode result : JSON.readTree(response.body()).path("results")) {
                            ObjectNode envelope = (ObjectNode) batch.get(result.path("index").intValue());
                            int status = result.path("status").intValue();
                            if (status == 200 || status == 201) {
                                String eventId = envelope.get("eventId").textValue();
                                acknowledged.put(eventId, new Acknowledged(eventId, result.get("receipt"), envelope,
                                        node.id));
                            } else {
                                failures.add(node + " item " + envelope.get("eventId").textValue() + " answered "
                                        + abbreviate(result.toString()));
                            }
                        }
                    }
                    return null;
                }));
            }

            // Kill A once enough is acknowledged, while a batch has been on A for half its expected time
            // (the previous batch's) and at least 300 ms: the server is deep in it.
            long postingStart = System.nanoTime();
            long deadline = postingStart + TimeUnit.SECONDS.toNanos(40);
            while (true) {
                long now = System.nanoTime();
                long since = Math.max(inFlightSinceA[0].get(), inFlightSinceA[1].get());
                boolean enough = acknowledged.size() >= MIN_LOAD_ACKNOWLEDGED && batchesA.get() >= 2
                        && now - postingStart >= TimeUnit.SECONDS.toNanos(2);
                boolean deep = since != Long.MIN_VALUE
                        && now - since >= Math.max(TimeUnit.MILLISECONDS.toNanos(300), lastBatchNanosA.get() / 2);
                if ((enough && deep) || now > deadline || !failures.isEmpty()) {
                    break;
                }
                Thread.sleep(2);
            }
            assertThat(failures).as("load failures before the kill").isEmpty();
            int acknowledgedBeforeKill = acknowledged.size();
            killed.set(true);
            stopA.set(true);
            killAt = System.nanoTime();
            a.process.destroyForcibly(); // SIGKILL on Linux
            assertThat(a.process.waitFor(20, TimeUnit.SECONDS)).as("node A died within 20 s of SIGKILL").isTrue();
            assertThat(a.process.exitValue()).as("exit value of a process killed by SIGKILL (128 + 9)").isEqualTo(137);
            long loadBeforeKillMs = TimeUnit.NANOSECONDS.toMillis(killAt - postingStart);
            figure("loadBeforeKillMs", loadBeforeKillMs);
            figure("acknowledgedBeforeKill", acknowledgedBeforeKill);
            figure("eventsPerSecondBothNodes", acknowledgedBeforeKill * 1000L / Math.max(1, loadBeforeKillMs));
            figure("batchesAcknowledgedByA", batchesA.get());

            // The takeover: B holds every segment of every view (load on B goes on meanwhile). For each
            // view, when B came to hold all of it for good; and when B held all of it and then let a
            // segment go again before the takeover was complete.
            long nodeADeadMs = -1;
            Map<String, Long> viewTakenOverMs = new TreeMap<>();
            List<String> viewsLetGoAgain = new ArrayList<>();
            while (true) {
                JsonNode status = statusOrNull(b);
                if (status != null) {
                    if (nodeADeadMs < 0 && !isLive(status, NODE_A)) {
                        nodeADeadMs = millisSince(killAt);
                    }
                    for (String view : VIEWS) {
                        boolean allB = ownerCounts(status, view).keySet().equals(Set.of(NODE_B));
                        if (allB && !viewTakenOverMs.containsKey(view)) {
                            viewTakenOverMs.put(view, millisSince(killAt));
                        } else if (!allB && viewTakenOverMs.containsKey(view)) {
                            viewsLetGoAgain.add(view + " at " + millisSince(killAt) + " ms: "
                                    + ownerCounts(status, view));
                            viewTakenOverMs.remove(view);
                        }
                    }
                    if (everySegmentOwnedBy(status, NODE_B)) {
                        takeoverMs = millisSince(killAt);
                        logOwners("after the takeover", status);
                        break;
                    }
                }
                assertThat(millisSince(killAt)).as("B holds every segment within %d ms of the kill; B's status: %s",
                        TAKEOVER_BOUND_MS + 10_000, status).isLessThan(TAKEOVER_BOUND_MS + 10_000);
                Thread.sleep(250);
            }
            figure("nodeANotLiveAfterKillMs", nodeADeadMs);
            figure("viewTakenOverAfterKillMs", viewTakenOverMs);
            figure("viewsLetGoAgainDuringTakeover", viewsLetGoAgain);
            figure("takeoverMs", takeoverMs);
            Thread.sleep(1_000); // one more batch on B after the takeover
            stopB.set(true);
            for (Future<?> worker : workers) {
                worker.get(90, TimeUnit.SECONDS);
            }
            long aloneMs = millisSince(killAt);
            figure("eventsPerSecondBAloneDuringTakeover", (acknowledged.size() - acknowledgedBeforeKill) * 1000L
                    / Math.max(1, aloneMs));
        } finally {
            stopA.set(true);
            stopB.set(true);
            loaders.shutdownNow();
            loaders.awaitTermination(10, TimeUnit.SECONDS);
        }
        figure("batchesAcknowledgedByB", batchesB.get());
        figure("loadAcknowledged", acknowledged.size());
        figure("batchesUnansweredByA", unanswered.size());
        assertThat(failures).as("load failures (B must answer throughout)").isEmpty();
        assertThat(takeoverMs).as("ms from the SIGKILL until B held every segment (claim timeout %d + claim "
                + "interval %d + heartbeat %d + margin)", CLAIM_TIMEOUT_MS, CLAIM_INTERVAL_MS, HEARTBEAT_MS)
                .isLessThanOrEqualTo(TAKEOVER_BOUND_MS);

        // Batches A never answered: posted again to B, each item was recorded entirely or not at all.
        int recordedBeforeKill = 0;
        int recordedNow = 0;
        for (ArrayNode batch : unanswered) {
            HttpResponse<String> response = send(post(b, "/api/v1/events/batch", sourceAuth(),
                    JSON.writeValueAsBytes(batch)));
            assertThat(response.statusCode()).as("re-posting a cut-off batch to B: %s", abbreviate(response.body()))
                    .isEqualTo(200);
            for (JsonNode result : JSON.readTree(response.body()).path("results")) {
                int status = result.path("status").intValue();
                assertThat(status).as("re-posted item of a cut-off batch (a 422 STREAM_EXISTS would mean an event "
                        + "without its receipt): %s", result).isIn(200, 201);
                if (status == 200) {
                    recordedBeforeKill++;
                } else {
                    recordedNow++;
                }
                ObjectNode envelope = (ObjectNode) batch.get(result.path("index").intValue());
                String eventId = envelope.get("eventId").textValue();
                acknowledged.put(eventId, new Acknowledged(eventId, result.get("receipt"), envelope, NODE_B));
            }
        }
        figure("cutOffItemsRecordedBeforeKill", recordedBeforeKill);
        figure("cutOffItemsRecordedOnRepost", recordedNow);

        // Every acknowledged event is stored exactly once, under its receipt, alone in its stream.
        Map<String, String> receipts = new HashMap<>();
        jdbc.query("SELECT event_id, ledger_event_id FROM ingest_receipt WHERE source = 'importer' AND event_id LIKE ?",
                rs -> {
                    receipts.put(rs.getString(1), rs.getString(2));
                }, "CL-" + run + "-LOAD-%");
        Map<String, List<String>> eventsByStream = new HashMap<>();
        Map<String, Integer> timesStored = new HashMap<>();
        jdbc.query("SELECT aggregate_identifier, event_identifier FROM domain_event_entry", rs -> {
            eventsByStream.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(rs.getString(2));
            timesStored.merge(rs.getString(2), 1, Integer::sum);
        });
        List<String> problems = new ArrayList<>();
        for (Acknowledged event : acknowledged.values()) {
            String ledgerEventId = event.receipt().path("ledgerEventId").asText();
            String streamId = event.receipt().path("streamId").asText();
            if (!ledgerEventId.equals(receipts.get(event.eventId()))) {
                problems.add(event.eventId() + " (acknowledged by " + event.node() + " as " + ledgerEventId
                        + ") has the stored receipt " + receipts.get(event.eventId()));
            } else if (!List.of(ledgerEventId).equals(eventsByStream.get(streamId))) {
                problems.add(event.eventId() + ": stream " + streamId + " holds " + eventsByStream.get(streamId));
            } else if (timesStored.getOrDefault(ledgerEventId, 0) != 1) {
                problems.add(event.eventId() + ": stored " + timesStored.get(ledgerEventId) + " times");
            }
        }
        assertThat(problems).as("acknowledged events missing, changed or stored twice").isEmpty();
        assertThat(receipts).as("receipts of the load: exactly the acknowledged events").hasSameSizeAs(acknowledged);
        figure("acknowledgedByA", acknowledged.values().stream().filter(e -> e.node().equals(NODE_A)).count());
        figure("acknowledgedByB", acknowledged.values().stream().filter(e -> e.node().equals(NODE_B)).count());

        // Through the API on B: every receipt A gave reads back the same from B, and a re-post of an
        // acknowledged event answers 200 with its receipt.
        List<Acknowledged> byA = acknowledged.values().stream().filter(e -> e.node().equals(NODE_A)).toList();
        assertThat(byA).as("events acknowledged by A before it died").isNotEmpty();
        long receiptsStart = System.nanoTime();
        Queue<String> receiptProblems = new ConcurrentLinkedQueue<>();
        Semaphore permits = new Semaphore(8);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Acknowledged event : byA) {
            permits.acquire();
            reads.add(http.sendAsync(get(b, "/api/v1/events/importer/" + event.eventId(), auditorAuth()),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).handle((response, failure) -> {
                        try {
                            if (failure != null) {
                                receiptProblems.add(event.eventId() + ": " + failure);
                            } else if (response.statusCode() != 200) {
                                receiptProblems.add(event.eventId() + ": " + response.statusCode() + " "
                                        + abbreviate(response.body()));
                            } else if (!JSON.readTree(response.body()).equals(event.receipt())) {
                                receiptProblems.add(event.eventId() + ": B answers " + abbreviate(response.body())
                                        + ", A acknowledged " + event.receipt());
                            }
                        } catch (IOException e) {
                            receiptProblems.add(event.eventId() + ": " + e);
                        } finally {
                            permits.release();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertThat(receiptProblems).as("receipts of events A acknowledged, read from B").isEmpty();
        figure("receiptsOfAReadFromBMs", millisSince(receiptsStart));
        List<Acknowledged> samples = new ArrayList<>(List.of(byA.get(0), byA.get(byA.size() / 2),
                byA.get(byA.size() - 1)));
        acknowledged.values().stream().filter(e -> e.node().equals(NODE_B)).limit(2).forEach(samples::add);
        for (Acknowledged sample : samples) {
            HttpResponse<String> receipt = send(get(b, "/api/v1/events/importer/" + sample.eventId(), auditorAuth()));
            assertThat(receipt.statusCode()).as("receipt of %s on B: %s", sample.eventId(), receipt.body())
                    .isEqualTo(200);
            assertThat(JSON.readTree(receipt.body())).as("receipt of %s on B", sample.eventId())
                    .isEqualTo(sample.receipt());
            HttpResponse<String> again = send(post(b, "/api/v1/events", sourceAuth(),
                    JSON.writeValueAsBytes(sample.envelope())));
            assertThat(again.statusCode()).as("re-posting %s to B: %s", sample.eventId(), again.body()).isEqualTo(200);
            assertThat(JSON.readTree(again.body())).as("receipt of re-posted %s", sample.eventId())
                    .isEqualTo(sample.receipt());
        }

        // B's views catch up; the one seal covers the whole store and verifies; a checkpoint on demand.
        long catchUpStart = System.nanoTime();
        awaitStatus(b, "every view caught up on B alone", s -> allCaughtUp(s) && everySegmentOwnedBy(s, NODE_B),
                120_000);
        figure("viewsCaughtUpOnBMs", millisSince(catchUpStart));
        long stored = storedEvents();
        HttpResponse<String> verify = send(HttpRequest.newBuilder(b.uri("/api/v1/ledger/verify"))
                .header("Authorization", auditorAuth()).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(120)).build());
        assertThat(verify.statusCode()).as("verify on B: %s", verify.body()).isEqualTo(200);
        JsonNode verified = JSON.readTree(verify.body());
        assertThat(verified.path("valid").asBoolean()).as("verify: %s", verified).isTrue();
        assertThat(verified.path("unsealed").asLong()).as("verify: %s", verified).isZero();
        assertThat(verified.path("checked").asLong()).as("verify checks every stored event: %s", verified)
                .isEqualTo(stored);
        assertThat(verified.path("sealedLeaves").asLong()).as("verify: %s", verified).isEqualTo(stored);
        figure("storedEvents", stored);
        figure("verifyMs", verified.path("elapsedMillis").asLong());
        HttpResponse<String> checkpoint = send(post(b, "/api/v1/admin/checkpoints", adminAuth(), null));
        assertThat(checkpoint.statusCode()).as("checkpoint on demand on B: %s", checkpoint.body()).isIn(200, 201);
        assertThat(JSON.readTree(checkpoint.body()).path("treeSize").asLong()).as("checkpoint %s", checkpoint.body())
                .isEqualTo(stored);
        figure("phase4Ms", millisSince(phaseStart));
        phasesPassed = 4;
    }

    // ------------------------------------------------------------------------------------------------
    // phase 5: rejoin

    @Test
    @Order(5)
    void theDeadNodeRejoinsAndTheViewsAreSharedAgain() throws Exception {
        assumeTrue(phasesPassed == 4, "phase four passed");
        long begin = System.nanoTime();
        launch(a);
        awaitReady(a, begin);
        long readyAt = System.nanoTime();
        figure("restartReadyMs", TimeUnit.NANOSECONDS.toMillis(readyAt - begin));
        JsonNode status = awaitStatus(b, "balance and supervision split two and two again",
                s -> everySegmentOwned(s) && split(s) && bothLive(s), SPLIT_BOUND_MS);
        figure("resplitAfterReadyMs", millisSince(readyAt));
        logOwners("after the rejoin", status);
        Map<String, String> startedAt = new TreeMap<>();
        status.path("nodes").forEach(n -> startedAt.put(n.path("nodeId").asText(), n.path("startedAt").asText()));
        figure("nodesStartedAtAfterRejoin", startedAt);
        awaitSettled(a, "after the rejoin", 90_000, true);
        Map<String, String> answers = compareAnswers("after the rejoin");
        // The load opened funds and enterprises only: every answer about the phase-one ledger is as it was.
        answers.remove("/api/v1/balances?limit=1000");
        Map<String, String> before = new LinkedHashMap<>(answersBeforeRebuild);
        before.remove("/api/v1/balances?limit=1000");
        assertThat(answers).as("answers about the phase-one ledger after the kill and the rejoin").isEqualTo(before);
        JsonNode[] quiet = quietStatuses();
        assertThat(quiet[0].path("items")).as("processors as A and B show them after the rejoin")
                .isEqualTo(quiet[1].path("items"));
        List<String> restartLog = Files.readAllLines(a.log, StandardCharsets.UTF_8);
        figure("restartLogWarnings", restartLog.stream().filter(l -> l.contains(" WARN ")).count());
        figure("restartLogErrors", restartLog.stream().filter(l -> l.contains(" ERROR ")).count());
        assertThat(restartLog).as("stack traces in the restarted node's log").noneMatch(l -> l.startsWith("\tat "));
        phasesPassed = 5;
    }

    // ------------------------------------------------------------------------------------------------
    // watching the first split

    /**
     * Polls node A's status (B's while A does not answer) every 250 ms from the launch on: logs the
     * owners first seen with every segment claimed (how the race of the two starts came out) and
     * records when balance and supervision were first split two and two.
     */
    private final class SplitWatch extends Thread {

        private final long launchedAt;
        private volatile long splitAt = Long.MIN_VALUE;
        private volatile JsonNode last;

        SplitWatch(long launchedAt) {
            super("cluster-split-watch");
            this.launchedAt = launchedAt;
            setDaemon(true);
        }

        @Override
        public void run() {
            boolean firstClaimsLogged = false;
            while (!isInterrupted() && System.nanoTime() - launchedAt < TimeUnit.SECONDS.toNanos(300)) {
                JsonNode status = statusOrNull(a);
                if (status == null) {
                    status = statusOrNull(b);
                }
                if (status != null) {
                    last = status;
                    if (!firstClaimsLogged && everySegmentOwned(status)) {
                        firstClaimsLogged = true;
                        figure("firstEverySegmentClaimedAfterLaunchMs", millisSince(launchedAt));
                        logOwners("first seen with every segment claimed", status);
                    }
                    if (everySegmentOwned(status) && split(status) && bothLive(status)) {
                        splitAt = System.nanoTime();
                        logOwners("first seen split", status);
                        return;
                    }
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** When the split was first seen (nanoTime), waiting at most this long more; MIN_VALUE if not. */
        long awaitSplit(long boundMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
            while (splitAt == Long.MIN_VALUE && System.nanoTime() < deadline && isAlive()) {
                Thread.sleep(100);
            }
            return splitAt;
        }
    }

    /** The nodes' warnings and errors (the first 25 of each log) and the cluster's own lines, for the report. */
    private void logWarnings() {
        for (Node node : List.of(a, b)) {
            for (int start = 1; start <= node.starts; start++) {
                Path log = node.dir.resolve("ledger-" + start + ".log");
                try {
                    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                    List<String> lines = all.stream()
                            .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
                    LOG.info("CLUSTER {} start {}: {} warnings and errors{}", node.id, start, lines.size(),
                            lines.isEmpty() ? "" : ":\n" + String.join("\n",
                                    lines.subList(0, Math.min(25, lines.size()))));
                    List<String> cluster = all.stream().filter(l -> l.contains("c.h.l.api.cluster.")).toList();
                    LOG.info("CLUSTER {} start {}: {} lines of the cluster's own{}", node.id, start, cluster.size(),
                            cluster.isEmpty() ? "" : ":\n" + String.join("\n", cluster.subList(0, Math.min(40,
                                    cluster.size()))));
                } catch (IOException e) {
                    LOG.info("CLUSTER {} start {}: log unreadable: {}", node.id, start, e.toString());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the processes

    private void launch(Node node) throws IOException {
        node.starts++;
        node.log = node.dir.resolve("ledger-" + node.starts + ".log");
        node.process = new ProcessBuilder(node.command).directory(node.dir.toFile()).redirectErrorStream(true)
                .redirectOutput(node.log.toFile()).start();
        PROCESSES.add(node.process);
    }

    private void awaitReady(Node node, long launchedAt) throws Exception {
        while (System.nanoTime() - launchedAt < START_TIMEOUT.toNanos()) {
            if (!node.process.isAlive()) {
                fail(node + " exited with " + node.process.exitValue() + " before it was ready; log " + node.log
                        + ":\n" + tail(node.log));
            }
            try {
                if (send(HttpRequest.newBuilder(node.uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5))
                        .GET().build()).statusCode() == 200) {
                    figure(node.id + "Start" + node.starts + "ReadyMs", millisSince(launchedAt));
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail(node + " was not ready within " + START_TIMEOUT + "; log " + node.log + ":\n" + tail(node.log));
    }

    // ------------------------------------------------------------------------------------------------
    // the processors' status

    private JsonNode status(Node node) throws Exception {
        HttpResponse<String> response = send(get(node, "/api/v1/admin/projections", adminAuth()));
        assertThat(response.statusCode()).as("status from %s: %s", node, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode statusOrNull(Node node) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(node.uri("/api/v1/admin/projections"))
                    .header("Authorization", adminAuth()).timeout(Duration.ofSeconds(10)).GET().build());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Polls a node's status every 250 ms until it satisfies the condition; fails after the bound. */
    private JsonNode awaitStatus(Node node, String what, Predicate<JsonNode> condition, long boundMillis)
            throws Exception {
        long start = System.nanoTime();
        JsonNode last = null;
        while (true) {
            JsonNode status = statusOrNull(node);
            if (status != null) {
                last = status;
                if (condition.test(status)) {
                    LOG.info("CLUSTER {}: seen from {} after {} ms", what, node, millisSince(start));
                    return status;
                }
            }
            if (millisSince(start) > boundMillis) {
                return fail(what + " not seen from " + node + " within " + boundMillis + " ms; last status: " + last);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Waits until every view has caught up with the head of the store and runs, every segment is
     * held by a live node, and (when asked) the shared views are split two and two; answers the ms.
     */
    private long awaitSettled(Node node, String what, long boundMillis, boolean shared) throws Exception {
        long start = System.nanoTime();
        awaitStatus(node, "settled " + what, s -> allCaughtUp(s) && everySegmentOwned(s) && (!shared || split(s)),
                boundMillis);
        return millisSince(start);
    }

    /** Both nodes' status, taken while nothing moves (A, B, A again, until A's two answers agree). */
    private JsonNode[] quietStatuses() throws Exception {
        JsonNode lastA = null;
        JsonNode lastB = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            JsonNode first = status(a);
            JsonNode fromB = status(b);
            JsonNode second = status(a);
            if (first.path("items").equals(second.path("items")) && first.path("items").equals(fromB.path("items"))) {
                return new JsonNode[] {first, fromB};
            }
            lastA = second;
            lastB = fromB;
            Thread.sleep(500);
        }
        return new JsonNode[] {lastA, lastB};
    }

    private static boolean allCaughtUp(JsonNode status) {
        JsonNode items = status.path("items");
        if (!names(items).containsAll(VIEWS)) {
            return false;
        }
        for (JsonNode view : items) {
            if (!view.path("caughtUp").asBoolean() || !view.path("running").asBoolean()
                    || view.path("error").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static boolean everySegmentOwned(JsonNode status) {
        return everySegment(status, owner -> owner != null && (owner.equals(NODE_A) || owner.equals(NODE_B)));
    }

    private static boolean everySegmentOwnedBy(JsonNode status, String node) {
        return everySegment(status, node::equals);
    }

    private static boolean everySegment(JsonNode status, Predicate<String> owner) {
        JsonNode items = status.path("items");
        if (!names(items).containsAll(VIEWS)) {
            return false;
        }
        for (JsonNode view : items) {
            if (view.path("segments").isEmpty()) {
                return false;
            }
            for (JsonNode segment : view.path("segments")) {
                if (!owner.test(segment.path("owner").asText(null))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean split(JsonNode status) {
        for (String view : SHARED_VIEWS) {
            Map<String, Integer> counts = ownerCounts(status, view);
            if (counts.getOrDefault(NODE_A, 0) != 2 || counts.getOrDefault(NODE_B, 0) != 2) {
                return false;
            }
        }
        return true;
    }

    private static boolean bothLive(JsonNode status) {
        return isLive(status, NODE_A) && isLive(status, NODE_B);
    }

    private static boolean isLive(JsonNode status, String node) {
        for (JsonNode n : status.path("nodes")) {
            if (n.path("nodeId").asText().equals(node)) {
                return n.path("live").asBoolean();
            }
        }
        return false;
    }

    private static Map<String, Integer> ownerCounts(JsonNode status, String viewName) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode view : status.path("items")) {
            if (view.path("name").asText().equals(viewName)) {
                for (JsonNode segment : view.path("segments")) {
                    counts.merge(String.valueOf(segment.path("owner").asText(null)), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static List<String> owners(JsonNode status, String viewName) {
        for (JsonNode view : status.path("items")) {
            if (view.path("name").asText().equals(viewName)) {
                List<String> owners = new ArrayList<>();
                view.path("owners").forEach(o -> owners.add(o.asText()));
                return owners;
            }
        }
        return List.of();
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(view -> names.add(view.path("name").asText()));
        return names;
    }

    private void logOwners(String when, JsonNode status) {
        Map<String, Object> owners = new LinkedHashMap<>();
        for (JsonNode view : status.path("items")) {
            List<String> segments = new ArrayList<>();
            view.path("segments").forEach(s -> segments.add(s.path("segment").asInt() + "="
                    + s.path("owner").asText()));
            owners.put(view.path("name").asText(), segments);
        }
        LOG.info("CLUSTER owners {}: {}", when, owners);
    }

    // ------------------------------------------------------------------------------------------------
    // the answers

    /** The read endpoints compared between the nodes, each answered 200 and identically by both. */
    private Map<String, String> compareAnswers(String when) throws Exception {
        List<String> paths = List.of("/api/v1/balances?limit=1000",
                "/api/v1/balances?fundId=" + firstFund + "&limit=1000",
                "/api/v1/balances?fundId=" + secondFund + "&limit=1000", "/api/v1/balances/trial",
                "/api/v1/alerts?limit=1000", "/api/v1/trace/subsidy/" + firstSubsidy, "/api/v1/trace/fund/" + firstFund,
                "/api/v1/targets?year=2024&limit=1000");
        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : paths) {
            HttpResponse<String> fromA = send(get(a, path, auditorAuth()));
            HttpResponse<String> fromB = send(get(b, path, auditorAuth()));
            assertThat(fromA.statusCode()).as("%s on A %s: %s", path, when, abbreviate(fromA.body())).isEqualTo(200);
            assertThat(fromB.statusCode()).as("%s on B %s: %s", path, when, abbreviate(fromB.body())).isEqualTo(200);
            assertThat(fromB.body()).as("%s on B %s, as on A", path, when).isEqualTo(fromA.body());
            answers.put(path, fromA.body());
        }
        LOG.info("CLUSTER {}: both nodes answer {} identically ({} bytes)", when, paths.size(),
                answers.values().stream().mapToInt(String::length).sum());
        return answers;
    }

    /** The balance rows against what this test posted: the views counted every event once. */
    private void checkBalances(String body) throws IOException {
        Map<String, Map<String, String>> actual = new TreeMap<>();
        for (JsonNode row : JSON.readTree(body).path("items")) {
            Map<String, String> fields = new TreeMap<>();
            for (String field : List.of("allocated", "reclaimed", "granted", "committed", "paid", "reversed",
                    "available")) {
                fields.put(field, row.path(field).asText());
            }
            actual.put(row.path("fundId").asText() + "|" + row.path("regionCode").asText(), fields);
        }
        Map<String, Map<String, String>> expected = new TreeMap<>();
        expectedRows.forEach((key, r) -> {
            Map<String, String> fields = new TreeMap<>();
            fields.put("allocated", money(r[0]));
            fields.put("reclaimed", money(0));
            fields.put("granted", money(r[1]));
            fields.put("committed", money(r[1] - r[2] - r[3]));
            fields.put("paid", money(r[2]));
            fields.put("reversed", money(r[3]));
            fields.put("available", money(r[0] - r[1] + r[3]));
            expected.put(key, fields);
        });
        assertThat(actual).as("balance rows").isEqualTo(expected);
    }

    // ------------------------------------------------------------------------------------------------
    // posting

    private List<JsonNode> postBatch(Node node, List<ObjectNode> events) throws Exception {
        ArrayNode batch = JSON.createArrayNode();
        events.forEach(batch::add);
        HttpResponse<String> response = send(post(node, "/api/v1/events/batch", sourceAuth(),
                JSON.writeValueAsBytes(batch)));
        assertThat(response.statusCode()).as("batch to %s: %s", node, abbreviate(response.body())).isEqualTo(200);
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(response.body()).path("results").forEach(results::add);
        return results;
    }

    private void postBothAtOnce(ExecutorService pool, List<ObjectNode> toA, List<ObjectNode> toB) throws Exception {
        Future<List<JsonNode>> viaA = pool.submit(() -> postBatch(a, toA));
        Future<List<JsonNode>> viaB = pool.submit(() -> postBatch(b, toB));
        expectCreated(viaA.get(60, TimeUnit.SECONDS), toA);
        expectCreated(viaB.get(60, TimeUnit.SECONDS), toB);
    }

    private static void expectCreated(List<JsonNode> results, List<ObjectNode> events) {
        assertThat(results).hasSize(events.size());
        for (JsonNode result : results) {
            assertThat(result.path("status").asInt()).as("%s: %s", events.get(result.path("index").asInt())
                    .path("eventId").asText(), abbreviate(result.toString())).isEqualTo(201);
        }
    }

    private ObjectNode envelope(String id, String type, String occurredAt, Map<String, ?> payload) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", "CL-" + run + "-" + id);
        envelope.put("type", type);
        envelope.put("occurredAt", occurredAt);
        envelope.set("payload", JSON.valueToTree(payload));
        return envelope;
    }

    private long[] row(String fund, String region) {
        return expectedRows.computeIfAbsent(fund + "|" + region, k -> new long[4]);
    }

    private long storedEvents() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    // ------------------------------------------------------------------------------------------------
    // helpers

    private void figure(String name, Object value) {
        figures.put(name, value);
        LOG.info("CLUSTER {} = {}", name, value);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String money(long fen) {
        long abs = Math.abs(fen);
        return (fen < 0 ? "-" : "") + (abs / 100) + "." + String.format("%02d", abs % 100);
    }

    /** A resident ID number of someone born in Huai'an, with a valid GB 11643 check character. */
    private static String idNumber() {
        String first17 = String.format("320812%04d%02d%02d%03d", 1950 + RANDOM.nextInt(55), 1 + RANDOM.nextInt(12),
                1 + RANDOM.nextInt(28), RANDOM.nextInt(1000));
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return first17 + ID_CHECK.charAt(sum % 11);
    }

    private static String payeeAccount() {
        StringBuilder account = new StringBuilder("62170");
        while (account.length() < 19) {
            account.append(RANDOM.nextInt(10));
        }
        return account.toString();
    }

    private HttpRequest get(Node node, String path, String auth) {
        return HttpRequest.newBuilder(node.uri(path)).timeout(REQUEST_TIMEOUT).header("Authorization", auth).GET()
                .build();
    }

    private HttpRequest post(Node node, String path, String auth, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(node.uri(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", auth);
        if (body == null) {
            return builder.POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
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
