package cn.huanxin.ledger.projections.support;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds event messages as the ledger stores them (ledger event id as message id, metadata with
 * occurredAt and recordedAt), so projection tests can feed handlers directly. Sequence numbers are
 * kept per stream, as the aggregates would assign them.
 */
public final class TestEvents {

    private final Map<String, Long> sequences = new HashMap<>();

    public DomainEventMessage<LedgerFact> message(LedgerFact fact, Instant occurredAt, Instant recordedAt) {
        return message(fact, occurredAt, recordedAt, "platform");
    }

    public DomainEventMessage<LedgerFact> message(LedgerFact fact, Instant occurredAt, Instant recordedAt,
                                                  String source) {
        return message(fact, occurredAt, recordedAt, source, false);
    }

    public DomainEventMessage<LedgerFact> message(LedgerFact fact, Instant occurredAt, Instant recordedAt,
                                                  String source, boolean backfill) {
        String stream = fact.streamId().toString();
        long sequence = sequences.merge(stream, 0L, (old, zero) -> old + 1);
        String id = UUID.randomUUID().toString();
        Map<String, String> metadata = Map.of(
                LedgerMetadata.LEDGER_EVENT_ID, id,
                LedgerMetadata.SOURCE, source,
                LedgerMetadata.EVENT_ID, "T-" + id,
                LedgerMetadata.OCCURRED_AT, occurredAt.toString(),
                LedgerMetadata.RECORDED_AT, recordedAt.toString(),
                LedgerMetadata.PRINCIPAL, source,
                LedgerMetadata.REQUEST_ID, "test",
                LedgerMetadata.BACKFILL, Boolean.toString(backfill));
        return new GenericDomainEventMessage<>(fact.streamId().kind().prefix(), stream, sequence, fact, metadata, id,
                recordedAt);
    }
}
