package cn.huanxin.ledger.api.query;

import cn.huanxin.ledger.api.ingest.ReceiptRepository;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.Role;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
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
import java.util.Optional;

/**
 * {@code GET /api/v1/history/{streamId}?knownAt=}: every event of one stream with its metadata,
 * in sequence order, optionally as the ledger knew it at a past time. A SOURCE client may read only
 * the streams its own events created.
 */
@RestController
class HistoryController {

    private final HistoryReader history;
    private final ReceiptRepository streams;
    private final ClientRegistry clients;

    HistoryController(HistoryReader history, ReceiptRepository streams, ClientRegistry clients) {
        this.history = history;
        this.streams = streams;
        this.clients = clients;
    }

    @GetMapping("/api/v1/history/{streamId}")
    ResponseEntity<Map<String, Object>> history(@PathVariable String streamId,
                                                @RequestParam(required = false) String knownAt,
                                                Authentication authentication) {
        Instant known = parseKnownAt(knownAt);
        LedgerClient client = clients.of(authentication);
        Optional<String> creator = streams.creator(streamId);
        if (creator.isEmpty() && !history.exists(streamId)) {
            throw new RequestProblem(Problems.notFound("stream " + streamId + " does not exist"));
        }
        if (client.role() == Role.SOURCE && !creator.map(client.name()::equals).orElse(false)) {
            throw new RequestProblem(Problems.forbidden("a SOURCE client may read only streams its own events created"));
        }
        List<Map<String, Object>> events = history.events(streamId, known);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("streamId", streamId);
        body.put("events", events);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static Instant parseKnownAt(String knownAt) {
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
