package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.web.Times;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the ledger answers for a recorded event, and answers again, unchanged, for every repeat of
 * the same idempotency key {@code (source, eventId)}.
 */
public record Receipt(String ledgerEventId, String source, String eventId, String type, String streamId,
                      long sequence, Instant occurredAt, Instant recordedAt, String payloadSha256) {

    /** Whether a new posting of the same key carries the same content (type, instant, stored payload). */
    boolean sameContent(String otherType, Instant otherOccurredAt, String otherPayloadSha256) {
        return type.equals(otherType) && occurredAt.equals(otherOccurredAt)
                && payloadSha256.equals(otherPayloadSha256);
    }

    /** The contract's JSON shape, times rendered at +08:00. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ledgerEventId", ledgerEventId);
        json.put("source", source);
        json.put("eventId", eventId);
        json.put("type", type);
        json.put("streamId", streamId);
        json.put("sequence", sequence);
        json.put("occurredAt", Times.render(occurredAt));
        json.put("recordedAt", Times.render(recordedAt));
        json.put("payloadSha256", payloadSha256);
        return json;
    }
}
