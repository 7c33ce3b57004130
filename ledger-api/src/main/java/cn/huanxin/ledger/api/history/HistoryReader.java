package cn.huanxin.ledger.api.history;

import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.api.web.Times;
import cn.huanxin.ledger.core.common.CanonicalJson;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one stream straight from the event table, in sequence order, with the metadata recorded
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

    private final JdbcTemplate jdbc;
    private final ObjectMapper storedJson;

    HistoryReader(JdbcTemplate jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper storedJson) {
        this.jdbc = jdbc;
        this.storedJson = storedJson;
    }

    /** The events of a stream recorded at or before {@code knownAt} (all when {@code null}). */
    List<Map<String, Object>> events(String streamId, Instant knownAt) {
        List<Map<String, Object>> events = new ArrayList<>();
        jdbc.query("SELECT global_index, event_identifier, sequence_number, payload_type, payload_revision, payload, "
                + "meta_data FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number", rs -> {
            if (events.size() >= MAX_EVENTS) {
                throw new RequestProblem(Problems.tooLarge("stream " + streamId + " has more than " + MAX_EVENTS
                        + " events; ask for it as known at an earlier time (knownAt)"));
            }
            JsonNode metadata = tree(rs.getBytes("meta_data"));
            Instant recordedAt = Instant.parse(metadata.path(LedgerMetadata.RECORDED_AT).asText());
            if (knownAt != null && recordedAt.isAfter(knownAt)) {
                return;
            }
            byte[] payloadBytes = rs.getBytes("payload");
            JsonNode payload = tree(payloadBytes);
            String payloadType = rs.getString("payload_type");
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("ledgerEventId", rs.getString("event_identifier"));
            event.put("sequence", rs.getLong("sequence_number"));
            event.put("type", payloadType.substring(payloadType.lastIndexOf('.') + 1));
            event.put("occurredAt", Times.render(Instant.parse(metadata.path(LedgerMetadata.OCCURRED_AT).asText())));
            event.put("recordedAt", Times.render(recordedAt));
            event.put("source", metadata.path(LedgerMetadata.SOURCE).asText());
            event.put("eventId", metadata.path(LedgerMetadata.EVENT_ID).asText());
            event.put("principal", metadata.path(LedgerMetadata.PRINCIPAL).asText());
            event.put("requestId", metadata.path(LedgerMetadata.REQUEST_ID).asText());
            event.put("payloadSha256", CanonicalJson.sha256Hex(CanonicalJson.canonicalize(payload)));
            event.put("payload", payload);
            // Beyond the contract's fields: the global position and the payload revision, which with
            // the rest make up the canonical encoding of the event (docs/integrity.md).
            event.put("position", rs.getLong("global_index"));
            event.put("revision", rs.getString("payload_revision"));
            events.add(event);
        }, streamId);
        return events;
    }

    boolean exists(String streamId) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = 0", Integer.class, streamId);
        return found != null && found > 0;
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return storedJson.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event is not valid JSON", e);
        }
    }
}
