package cn.huanxin.ledger.api.history;

import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.api.web.Times;
import cn.huanxin.ledger.core.common.CanonicalJson;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one stream straight from the event store, in sequence order, with the metadata recorded
 * with each event. The payload is shown exactly as stored and its hash recomputed from the stored
 * bytes, so the history shows what the ledger holds, not what a projection made of it.
 */
@Component
class HistoryReader {

    /**
     * The most events one history answer holds, to bound memory. Streams are short (a subsidy, a
     * vehicle, a fund's allocations); a longer one is refused loudly rather than cut off silently.
     */
    static final int MAX_EVENTS = 100_000;

    private final EventSource source;
    private final ObjectMapper storedJson;

    HistoryReader(EventSource source, @Qualifier("defaultAxonObjectMapper") ObjectMapper storedJson) {
        this.source = source;
        this.storedJson = storedJson;
    }

    /** The events of a stream recorded at or before {@code knownAt} (all when {@code null}). */
    List<Map<String, Object>> events(String streamId, Instant knownAt) {
        List<Map<String, Object>> events = new ArrayList<>();
        // A stream's events are appended one after another, so its sequence order is the order in
        // which they were recorded: once the answer is full, every later event is a later record.
        for (StoredEvent stored : source.stream(streamId, MAX_EVENTS + 1)) {
            JsonNode metadata = tree(stored.metadata());
            Instant recordedAt = Instant.parse(metadata.path(LedgerMetadata.RECORDED_AT).asText());
            if (knownAt != null && recordedAt.isAfter(knownAt)) {
                continue;
            }
            if (events.size() >= MAX_EVENTS) {
                throw new RequestProblem(Problems.tooLarge("stream " + streamId + " has more than " + MAX_EVENTS
                        + " events; ask for it as known at an earlier time (knownAt)"));
            }
            JsonNode payload = tree(stored.payload());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("ledgerEventId", stored.ledgerEventId());
            event.put("sequence", stored.sequence());
            event.put("type", stored.type());
            event.put("occurredAt", Times.render(Instant.parse(metadata.path(LedgerMetadata.OCCURRED_AT).asText())));
            event.put("recordedAt", Times.render(recordedAt));
            event.put("source", metadata.path(LedgerMetadata.SOURCE).asText());
            event.put("eventId", metadata.path(LedgerMetadata.EVENT_ID).asText());
            event.put("principal", metadata.path(LedgerMetadata.PRINCIPAL).asText());
            event.put("requestId", metadata.path(LedgerMetadata.REQUEST_ID).asText());
            event.put("payloadSha256", CanonicalJson.sha256Hex(CanonicalJson.canonicalize(payload)));
            event.put("payload", payload);
            // Beyond the contract's fields: the global position and the payload revision, which with
            // the rest make up the canonical encoding of the event (docs/integrity.md). A store read
            // through Axon's API tells no position for an event the seal has not reached yet.
            if (stored.position() != StoredEvent.UNKNOWN_POSITION) {
                event.put("position", stored.position());
            }
            event.put("revision", stored.revision());
            events.add(event);
        }
        return events;
    }

    boolean exists(String streamId) {
        return source.exists(streamId);
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return storedJson.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event is not valid JSON", e);
        }
    }
}
