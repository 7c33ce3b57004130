package cn.huanxin.ledger.api.history;

import cn.huanxin.ledger.api.ingest.ReceiptRepository;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/history/{streamId}?knownAt=}: every event of one stream with its metadata,
 * in sequence order, optionally as the ledger knew it at a past time. That a SOURCE client reads
 * only the streams its own events created is decided by the access policy before this runs.
 */
@RestController
class HistoryController {

    private final HistoryReader history;
    private final ReceiptRepository streams;

    HistoryController(HistoryReader history, ReceiptRepository streams) {
        this.history = history;
        this.streams = streams;
    }

    @GetMapping("/api/v1/history/{streamId}")
    ResponseEntity<Map<String, Object>> history(@PathVariable String streamId,
                                                @RequestParam(required = false) String knownAt) {
        Instant known = parseKnownAt(knownAt);
        if (streams.creator(streamId).isEmpty() && !history.exists(streamId)) {
            throw new RequestProblem(Problems.notFound("stream " + streamId + " does not exist"));
        }
        List<Map<String, Object>> events = history.events(streamId, known);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("streamId", streamId);
        body.put("events", events);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    static Instant parseKnownAt(String knownAt) {
        if (knownAt == null || knownAt.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(knownAt).toInstant();
        } catch (DateTimeParseException e) {
            throw new RequestProblem(Problems.invalid("knownAt", "must be an ISO-8601 time with an offset"));
        }
    }
}
