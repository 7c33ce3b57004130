package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.Role;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.Refusals;
import cn.huanxin.ledger.api.web.RequestIds;
import cn.huanxin.ledger.api.web.RequestProblem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/events}, {@code POST /api/v1/events/batch} and
 * {@code GET /api/v1/events/{source}/{eventId}}. Bodies are read here, within their size limits,
 * rather than by a message converter, so that an oversized body is refused before it is parsed and
 * a malformed one is answered with the contract's problem.
 */
@RestController
@RequestMapping("/api/v1/events")
class IngestController {

    private static final Logger log = LoggerFactory.getLogger(IngestController.class);

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final EnvelopeReader reader;
    private final IngestService ingest;
    /** Posted events wait for lagging views; the ledger's own records (reads, dispositions) do not. */
    private final ViewBackpressure views;
    private final ReceiptRepository receipts;
    private final ClientRegistry clients;
    private final ObjectMapper json;
    private final LedgerProperties.Ingest limits;
    /** Refused events of a batch, counted one by one: the batch itself is answered 200. */
    private final Refusals refusals;
    private final DistributionSummary batchEvents;

    IngestController(EnvelopeReader reader, IngestService ingest, ReceiptRepository receipts, ClientRegistry clients,
                     ObjectMapper json, LedgerProperties properties, ViewBackpressure views, Refusals refusals,
                     MeterRegistry meters) {
        this.refusals = refusals;
        // Buckets that tell a trickle (one event a post) from full batches (the contract's 1,000).
        this.batchEvents = DistributionSummary.builder(LedgerMetrics.INGEST_BATCH_EVENTS.name())
                .description(LedgerMetrics.INGEST_BATCH_EVENTS.description())
                .serviceLevelObjectives(1, 10, 100, 500, 1000)
                .register(meters);
        this.reader = reader;
        this.views = views;
        this.ingest = ingest;
        this.receipts = receipts;
        this.clients = clients;
        this.json = json;
        this.limits = properties.ingest();
    }

    @PostMapping
    ResponseEntity<Object> post(HttpServletRequest request, Authentication authentication) throws IOException {
        requireJson(request, false);
        LedgerClient client = clients.of(authentication);
        byte[] body = readBody(request, limits.maxSingleBytes());
        JsonNode node = parse(body);
        EnvelopeReader.Outcome outcome = reader.read(node, client);
        ItemResult result = outcome.refusal() != null ? outcome.refusal()
                : recordAfterViews(client, RequestIds.of(request), List.of(outcome.envelope())).get(0);
        logRefusal(result, client, RequestIds.of(request));
        return answer(result);
    }

    @PostMapping("/batch")
    ResponseEntity<Object> postBatch(HttpServletRequest request, Authentication authentication) throws IOException {
        boolean ndjson = requireJson(request, true);
        LedgerClient client = clients.of(authentication);
        byte[] body = readBody(request, limits.maxBatchBytes());
        Map<Integer, ProblemDetail> lineProblems = new HashMap<>();
        List<JsonNode> items = ndjson ? parseLines(body, lineProblems) : parseArray(body);
        batchEvents.record(items.size());

        List<Map<String, Object>> results = new ArrayList<>(items.size());
        List<Envelope> accepted = new ArrayList<>(items.size());
        List<Integer> acceptedIndexes = new ArrayList<>(items.size());
        ItemResult[] outcomes = new ItemResult[items.size()];
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            EnvelopeReader.Outcome outcome = item == null
                    ? new EnvelopeReader.Outcome(null, ItemResult.refused(lineProblems.getOrDefault(i,
                    Problems.malformed("line is not valid JSON"))))
                    : reader.read(item, client);
            if (outcome.refusal() != null) {
                outcomes[i] = outcome.refusal();
            } else {
                accepted.add(outcome.envelope());
                acceptedIndexes.add(i);
            }
        }
        List<ItemResult> recorded = recordAfterViews(client, RequestIds.of(request), accepted);
        for (int k = 0; k < recorded.size(); k++) {
            outcomes[acceptedIndexes.get(k)] = recorded.get(k);
        }
        boolean allUnavailable = outcomes.length > 0;
        for (int i = 0; i < outcomes.length; i++) {
            ItemResult outcome = outcomes[i];
            logRefusal(outcome, client, RequestIds.of(request));
            allUnavailable &= outcome.status() == HttpStatus.SERVICE_UNAVAILABLE.value();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            result.put("status", outcome.status());
            if (outcome.recorded()) {
                result.put("receipt", outcome.receipt().toJson());
            } else {
                result.put("problem", outcome.problem());
            }
            results.add(result);
        }
        if (allUnavailable) {
            // Answered as one 503, and counted once as such.
            return unavailable(outcomes[0].problem());
        }
        for (ItemResult outcome : outcomes) {
            if (!outcome.recorded()) {
                refusals.count(outcome.problem());
            }
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("results", results));
    }

    @GetMapping("/{source}/{eventId}")
    ResponseEntity<Object> receipt(@PathVariable String source, @PathVariable String eventId,
                                   Authentication authentication) {
        LedgerClient client = clients.of(authentication);
        if (client.role() == Role.SOURCE && !client.name().equals(source)) {
            throw new RequestProblem(Problems.forbidden("a SOURCE client may read only its own receipts"));
        }
        return receipts.find(source, eventId)
                .<ResponseEntity<Object>>map(r -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(r.toJson()))
                .orElseThrow(() -> new RequestProblem(Problems.notFound("no event " + eventId + " from " + source)));
    }

    /**
     * A 422 (the event would corrupt the ledger) is worth one line for the operators: the source,
     * the request and the contract's code, nothing of the payload. Axon's own report of the missing
     * stream, with its stack trace, is silenced in application.yml, so that a source cannot flood
     * the log.
     */
    /** Records after waiting, bounded, for views far behind the store ({@link ViewBackpressure}). */
    private List<ItemResult> recordAfterViews(LedgerClient client, String requestId, List<Envelope> envelopes) {
        if (!envelopes.isEmpty()) {
            views.awaitViews();
        }
        return ingest.record(client, requestId, envelopes);
    }

    private static void logRefusal(ItemResult result, LedgerClient client, String requestId) {
        if (result.status() == HttpStatus.UNPROCESSABLE_ENTITY.value() && result.problem() != null) {
            Object code = result.problem().getProperties() == null ? null : result.problem().getProperties().get("code");
            log.info("Refused an event of source {} (request {}): 422 {}", client.name(), requestId, code);
        }
    }

    private ResponseEntity<Object> answer(ItemResult result) {
        if (result.recorded()) {
            return ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_JSON)
                    .body(result.receipt().toJson());
        }
        if (result.status() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            return unavailable(result.problem());
        }
        return ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(result.problem());
    }

    private ResponseEntity<Object> unavailable(ProblemDetail problem) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(limits.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Accepts JSON (and, for batches, NDJSON); returns whether the body is NDJSON. */
    private static boolean requireJson(HttpServletRequest request, boolean ndjsonAllowed) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            throw unsupported(ndjsonAllowed);
        }
        if (ndjsonAllowed && NDJSON.includes(type)) {
            return true;
        }
        if (MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json")) {
            return false;
        }
        throw unsupported(ndjsonAllowed);
    }

    private static RequestProblem unsupported(boolean ndjsonAllowed) {
        return new RequestProblem(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Unsupported media type", ndjsonAllowed ? "send application/json or application/x-ndjson"
                        : "send application/json"));
    }

    /** Reads at most {@code limit} bytes; one byte more means the body is too large. */
    private static byte[] readBody(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static RequestProblem tooLarge(long limit) {
        return new RequestProblem(Problems.tooLarge("the body is larger than " + limit + " bytes"));
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new RequestProblem(Problems.malformed("the body is empty"));
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            // A duplicated key is named; otherwise the location only (Problems.malformedJson).
            throw new RequestProblem(Problems.malformedJson(e, "the body"));
        } catch (IOException e) {
            throw new RequestProblem(Problems.malformed("the body is not valid JSON"));
        }
    }

    private List<JsonNode> parseArray(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isArray()) {
            throw new RequestProblem(Problems.invalid("", "a batch is a JSON array of event envelopes"));
        }
        checkCount(node.size());
        List<JsonNode> items = new ArrayList<>(node.size());
        node.forEach(items::add);
        return items;
    }

    /** One envelope per line; blank lines are skipped; a line that is not JSON becomes a 400 item. */
    private List<JsonNode> parseLines(byte[] body, Map<Integer, ProblemDetail> lineProblems) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        List<JsonNode> items = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            checkCount(items.size() + 1);
            try {
                items.add(json.readTree(line));
            } catch (JsonProcessingException e) {
                lineProblems.put(items.size(), Problems.malformedJson(e, "the line"));
                items.add(null);
            }
        }
        checkCount(items.size());
        return items;
    }

    private void checkCount(int count) {
        if (count > limits.maxBatchEvents()) {
            throw new RequestProblem(Problems.tooLarge("a batch holds at most " + limits.maxBatchEvents() + " events"));
        }
        if (count == 0) {
            throw new RequestProblem(Problems.invalid("", "a batch must hold at least one event"));
        }
    }
}
