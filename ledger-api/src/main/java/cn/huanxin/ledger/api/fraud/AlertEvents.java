package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.api.web.Times;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored events around one alert, read from the event store (not from a view): its evidence
 * events with their metadata, and the decisions recorded on its stream {@code alert:{alertId}},
 * oldest first. Both are bounded: an alert keeps at most its bounded evidence list, and a stream of
 * decisions longer than {@value #MAX_DECISIONS} is shown up to that many.
 */
@Component
class AlertEvents {

    static final int MAX_DECISIONS = 1_000;

    private final EventSource source;
    private final ObjectMapper json = new ObjectMapper();

    AlertEvents(EventSource source) {
        this.source = source;
    }

    /** One row per evidence event that the store holds, in the alert's order of evidence. */
    List<Map<String, Object>> evidence(Collection<String> ledgerEventIds) {
        Map<String, Long> positions = source.positionsOf(ledgerEventIds);
        Map<String, StoredEvent> byId = new LinkedHashMap<>();
        for (StoredEvent event : source.atPositions(positions.values())) {
            byId.put(event.ledgerEventId(), event);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : ledgerEventIds) {
            StoredEvent event = byId.get(id);
            if (event != null) {
                rows.add(describe(event));
            }
        }
        return rows;
    }

    /** The decisions recorded on the alert: who, what, why and when. */
    List<Map<String, Object>> decisions(String alertId) {
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (StoredEvent event : source.stream("alert:" + alertId, MAX_DECISIONS)) {
            if (!event.type().equals(AlertDispositioned.class.getSimpleName())) {
                continue;
            }
            Map<String, Object> row = describe(event);
            JsonNode payload = tree(event.payload());
            row.put("disposition", payload.path("disposition").asText());
            row.put("reason", payload.path("reason").asText());
            row.put("auditor", payload.path("auditor").asText());
            decisions.add(row);
        }
        decisions.sort(Comparator.comparing(row -> (Long) row.get("sequence")));
        return decisions;
    }

    private Map<String, Object> describe(StoredEvent event) {
        JsonNode metadata = tree(event.metadata());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ledgerEventId", event.ledgerEventId());
        row.put("streamId", event.streamId());
        row.put("sequence", event.sequence());
        row.put("type", event.type());
        row.put("occurredAt", render(metadata.path(LedgerMetadata.OCCURRED_AT).asText()));
        row.put("recordedAt", render(metadata.path(LedgerMetadata.RECORDED_AT).asText()));
        row.put("source", metadata.path(LedgerMetadata.SOURCE).asText());
        row.put("principal", metadata.path(LedgerMetadata.PRINCIPAL).asText());
        return row;
    }

    private static String render(String instant) {
        return instant.isEmpty() ? "" : Times.render(Instant.parse(instant));
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event is not valid JSON", e);
        }
    }
}
