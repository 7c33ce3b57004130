package cn.huanxin.ledger.api.e2e;

import cn.huanxin.ledger.api.LedgerApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the edge with jqwik: valid envelopes (the creating examples of {@code docs/examples},
 * with fresh ids) and batches of them are mutated — a value replaced by another type, a huge or
 * deeply nested one, odd unicode; a field removed or added; a key duplicated; the bytes re-encoded,
 * truncated or given a byte-order mark; another content type — and query strings get arbitrary
 * parameters. The ledger must never answer 5xx, must answer every refusal as problem+json, and
 * must record exactly what it acknowledged: a refused envelope, alone or in a batch, leaves no
 * receipt behind, an acknowledged one always has its receipt.
 *
 * <p>The ledger runs once for the class, on H2 in a fresh directory, started here because jqwik
 * properties do not run under Spring's test extension.
 */
class IngestFuzzProperties {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = Path.of("..", "docs", "examples");
    static final List<String> CREATING = List.of("FundOpened", "VehicleScrapped", "ApplianceCollected",
            "ReverseInvoiceIssued", "EnterpriseRegistered", "EquipmentRenewed");
    static final Set<Integer> REFUSALS = Set.of(400, 403, 409, 413, 415, 422);
    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("platform:platform-demo"
            .getBytes(StandardCharsets.UTF_8));
    static final String AUDITOR = "Basic " + Base64.getEncoder().encodeToString("auditor:auditor-demo"
            .getBytes(StandardCharsets.UTF_8));

    static ConfigurableApplicationContext ledger;
    static int port;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger SERIAL = new AtomicInteger();
    static final String RUN = ValidIds.token();

    @BeforeContainer
    static void start() {
        Path data = TestDatabases.newDataDirectory("ledger-fuzz-");
        ledger = SpringApplication.run(LedgerApplication.class, "--server.port=0",
                "--spring.profiles.active=e2e", "--ledger.data-dir=" + data,
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("ledger")
                        + cn.huanxin.ledger.api.config.EmbeddedDatabaseEnvironment.H2_OPTIONS,
                "--spring.datasource.username=sa", "--spring.datasource.password=",
                "--axoniq.update-checker.disabled=true");
        port = Integer.parseInt(ledger.getEnvironment().getProperty("local.server.port"));
    }

    @AfterContainer
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    // ---- properties

    @Property(tries = 250)
    void aMutatedEnvelopeIsRecordedWholeOrNotAtAll(@ForAll("mutatedEnvelopes") Posted posted) throws Exception {
        HttpResponse<String> response = post("/api/v1/events", posted.contentType(), posted.body());
        int status = response.statusCode();
        Statistics.label("status").collect(status);
        assertThat(status).as("%s → %s", posted, response.body()).isIn(200, 201, 400, 403, 409, 413, 415, 422);
        if (REFUSALS.contains(status)) {
            assertProblem(response);
        }
        posted.eventId().ifPresent(id -> assertReceipt(id, status == 200 || status == 201, posted + " → " + status));
    }

    @Property(tries = 60)
    void aMutatedBatchRecordsExactlyItsAcknowledgedItems(@ForAll("mutatedBatches") List<Posted> items,
                                                         @ForAll boolean ndjson) throws Exception {
        StringBuilder body = new StringBuilder(ndjson ? "" : "[");
        for (int i = 0; i < items.size(); i++) {
            if (!ndjson && i > 0) {
                body.append(',');
            }
            body.append(items.get(i).body()).append(ndjson ? "\n" : "");
        }
        if (!ndjson) {
            body.append(']');
        }
        HttpResponse<String> response = post("/api/v1/events/batch",
                ndjson ? "application/x-ndjson" : "application/json", body.toString());
        int status = response.statusCode();
        assertThat(status).as("batch → %s", response.body()).isIn(200, 400, 413, 415);
        if (status != 200) {
            assertProblem(response);
            for (Posted item : items) {
                item.eventId().ifPresent(id -> assertReceipt(id, false, "refused batch item " + item));
            }
            return;
        }
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertThat(results).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            int itemStatus = results.get(i).get("status").intValue();
            Statistics.label("item status").collect(itemStatus);
            assertThat(itemStatus).as("item %d: %s", i, results.get(i)).isIn(200, 201, 400, 403, 409, 413, 422);
            boolean recorded = itemStatus == 200 || itemStatus == 201;
            assertThat(results.get(i).has(recorded ? "receipt" : "problem")).isTrue();
            Posted item = items.get(i);
            // a batch may carry one eventId twice (a mutation can copy one): then the first decides
            if (item.eventId().isPresent() && items.stream().filter(p -> p.eventId().equals(item.eventId())).count() == 1) {
                assertReceipt(item.eventId().get(), recorded, "batch item " + i + ": " + item);
            }
        }
    }

    @Property(tries = 250)
    void arbitraryQueryStringsNeverFailTheLedger(@ForAll("queries") String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + pathAndQuery)).header("Authorization", AUDITOR).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        Statistics.label("status").collect(response.statusCode());
        assertThat(response.statusCode()).as("%s → %s", pathAndQuery, response.body()).isLessThan(500);
        if (response.statusCode() == 400) {
            assertProblem(response);
            assertThat(JSON.readTree(response.body()).get("errors")).as("a 400 names its field: %s", response.body())
                    .isNotNull();
        }
    }

    // ---- generators

    /** What is posted: the bytes, their content type, and the eventId it names if it names one. */
    record Posted(String body, String contentType, java.util.Optional<String> eventId, String mutation) {
        @Override
        public String toString() {
            return mutation + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    @Provide
    Arbitrary<Posted> mutatedEnvelopes() {
        return Combinators.combine(Arbitraries.of(CREATING), Arbitraries.integers().between(0, 3),
                Arbitraries.longs(), Arbitraries.of("application/json", "application/json", "application/json",
                        "application/json; charset=UTF-8", "text/plain", "application/json; charset=UTF-16",
                        "application/xml")).as(IngestFuzzProperties::mutate);
    }

    @Provide
    Arbitrary<List<Posted>> mutatedBatches() {
        return Combinators.combine(Arbitraries.of(CREATING), Arbitraries.integers().between(0, 2), Arbitraries.longs())
                .as((type, mutations, seed) -> mutate(type, mutations, seed, "application/json"))
                .filter(p -> !p.mutation().contains("encoding"))
                .list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> path = Arbitraries.of("/api/v1/balances", "/api/v1/balances/trial", "/api/v1/alerts",
                "/api/v1/targets", "/api/v1/rules", "/api/v1/accounts/Q-1/postings", "/api/v1/trace/subsidy/S-1",
                "/api/v1/history/fund:F-1", "/api/v1/ledger/checkpoints/latest", "/api/v1/ledger/proofs/consistency",
                "/api/v1/ledger/proofs/inclusion");
        Arbitrary<String> name = Arbitraries.of("limit", "cursor", "asOf", "knownAt", "fundId", "regionCode",
                "programme", "ruleId", "status", "severity", "year", "from", "to", "treeSize", "ledgerEventId", "x");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("abc", "-1", "0", "1001", "99999999999999999999", "1.5", "", "2024-13-45",
                        "2024-06-01T10:15:00+08:00", "2024-06-01", "NaN", "null", "%00", "\u0000", "１２", "320800"),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(20));
        Arbitrary<String> parameter = Combinators.combine(name, value)
                .as((n, v) -> n + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        return Combinators.combine(path, parameter.list().ofMaxSize(4))
                .as((p, parameters) -> parameters.isEmpty() ? p : p + "?" + String.join("&", parameters));
    }

    /** A fresh, valid envelope of {@code type}, then {@code mutations} random changes seeded by {@code seed}. */
    static Posted mutate(String type, int mutations, long seed, String contentType) {
        Random random = new Random(seed);
        ObjectNode envelope = fresh(type);
        List<String> applied = new ArrayList<>();
        for (int i = 0; i < mutations; i++) {
            applied.add(mutateTree(envelope, random));
        }
        JsonNode eventIdNode = envelope.get("eventId");
        java.util.Optional<String> eventId = eventIdNode != null && eventIdNode.isTextual()
                && EVENT_ID.matcher(eventIdNode.textValue()).matches()
                ? java.util.Optional.of(eventIdNode.textValue()) : java.util.Optional.empty();
        String body = envelope.toString();
        if (random.nextInt(8) == 0) {
            // a duplicated key: the first occurrence names another eventId than the one checked
            body = "{\"eventId\":\"DUP-" + RUN + "-" + SERIAL.incrementAndGet() + "\"," + body.substring(1);
            applied.add("duplicate key eventId");
        }
        switch (random.nextInt(12)) {
            case 0 -> {
                body = body.substring(0, random.nextInt(Math.max(1, body.length())));
                applied.add("encoding: truncated");
            }
            case 1 -> {
                body = "\uFEFF" + body;
                applied.add("encoding: byte-order mark");
            }
            case 2 -> {
                body = new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                applied.add("encoding: UTF-8 read as Latin-1");
            }
            case 3 -> {
                int at = random.nextInt(Math.max(1, body.length()));
                body = body.substring(0, at) + "\uD800" + body.substring(at);
                applied.add("encoding: lone surrogate");
            }
            default -> {
            }
        }
        return new Posted(body, contentType, eventId, type + " " + applied);
    }

    private static String mutateTree(ObjectNode envelope, Random random) {
        List<ObjectNode> parents = new ArrayList<>();
        collect(envelope, parents);
        ObjectNode parent = parents.get(random.nextInt(parents.size()));
        List<String> names = new ArrayList<>();
        parent.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? "extra" : names.get(random.nextInt(names.size()));
        switch (random.nextInt(4)) {
            case 0 -> {
                parent.remove(name);
                return "removed " + name;
            }
            case 1 -> {
                String extra = "x" + random.nextInt(1000);
                parent.set(extra, randomValue(random, 0));
                return "added " + extra;
            }
            default -> {
                JsonNode value = randomValue(random, 0);
                parent.set(name, value);
                String shown = value.toString();
                return "set " + name + "=" + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown);
            }
        }
    }

    private static void collect(ObjectNode node, List<ObjectNode> into) {
        into.add(node);
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            JsonNode value = fields.next().getValue();
            if (value instanceof ObjectNode object) {
                collect(object, into);
            } else if (value instanceof ArrayNode array) {
                array.forEach(element -> {
                    if (element instanceof ObjectNode object) {
                        collect(object, into);
                    }
                });
            }
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 2 ? 9 : 12)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.booleanNode(random.nextBoolean());
            case 2 -> nodes.numberNode(random.nextLong());
            case 3 -> nodes.numberNode(new java.math.BigDecimal(random.nextInt(100000) + "." + random.nextInt(100000)));
            case 4 -> nodes.numberNode(random.nextBoolean() ? 1e308 : -0.0);
            case 5 -> nodes.textNode(randomText(random, 1 + random.nextInt(40)));
            case 6 -> nodes.textNode("x".repeat(1 + random.nextInt(20_000)));
            case 7 -> nodes.textNode(List.of("", " ", "320800", "2024-09-01", "2024-09-01T10:15:00+08:00", "1999.00",
                    "-1", "0.001", "NaN", "１９９９", "SMALL_PASSENGER", "‮evil", "😀", "null").get(random.nextInt(14)));
            case 8 -> {
                ArrayNode deep = nodes.arrayNode();
                ArrayNode inner = deep;
                for (int i = 0; i < 1 + random.nextInt(3000); i++) {
                    inner = inner.addArray();
                }
                yield deep;
            }
            case 9 -> {
                ObjectNode object = nodes.objectNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    object.set(randomText(random, 5), randomValue(random, depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = nodes.arrayNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            text.appendCodePoint(switch (kind) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x4E00 + random.nextInt(0x5000);
                case 2 -> random.nextInt(0x20);
                default -> 0x1F300 + random.nextInt(0x300);
            });
        }
        return text.toString();
    }

    /** A creating example of {@code type} with a fresh eventId and stream id. */
    static ObjectNode fresh(String type) {
        ObjectNode envelope;
        try {
            envelope = (ObjectNode) JSON.readTree(Files.readString(EXAMPLES.resolve(type + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String token = RUN + "-" + SERIAL.incrementAndGet();
        envelope.put("eventId", "FZ-" + token);
        ObjectNode payload = (ObjectNode) envelope.get("payload");
        switch (type) {
            case "FundOpened" -> payload.put("fundId", "F-" + token);
            case "VehicleScrapped" -> payload.put("vin", ValidIds.vin());
            case "ApplianceCollected" -> payload.put("returnId", "R-" + token);
            case "ReverseInvoiceIssued" -> payload.put("invoiceNo", "RI-" + token);
            case "EnterpriseRegistered" -> payload.put("enterpriseId", ValidIds.enterpriseId());
            case "EquipmentRenewed" -> payload.put("renewalId", "EQ-" + token);
            default -> throw new IllegalArgumentException(type);
        }
        return envelope;
    }

    // ---- HTTP

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", AUTH).header("Content-Type", contentType)
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
                .startsWith("application/problem+json");
    }

    private static void assertReceipt(String eventId, boolean recorded, String what) {
        try {
            HttpResponse<String> receipt = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/v1/events/platform/" + eventId)).header("Authorization", AUTH).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(receipt.statusCode()).as("receipt of %s after %s", eventId, what).isEqualTo(recorded ? 200 : 404);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
