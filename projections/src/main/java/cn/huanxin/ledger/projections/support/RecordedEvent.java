package cn.huanxin.ledger.projections.support;

import cn.huanxin.ledger.core.common.IsoTimes;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a projection knows about one recorded event besides its payload: its ledger id, its stream
 * and place in it, and its two times — {@code occurredAt} (business time, from the source) and
 * {@code recordedAt} (when the ledger recorded it). Projections use these, never a clock, so a
 * replay gives the same views.
 */
public record RecordedEvent(String ledgerEventId, String streamId, long sequence, String type, Instant occurredAt,
                            Instant recordedAt, String source, boolean backfill) {

    /** Business dates are Asia/Shanghai calendar days (docs/api.md). */
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public RecordedEvent {
        Objects.requireNonNull(ledgerEventId, "ledgerEventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** Reads the event's metadata as the ingestion service recorded it. */
    public static RecordedEvent of(EventMessage<?> message) {
        String streamId = null;
        long sequence = -1;
        if (message instanceof DomainEventMessage<?> domain) {
            streamId = domain.getAggregateIdentifier();
            sequence = domain.getSequenceNumber();
        }
        Object occurred = message.getMetaData().get(LedgerMetadata.OCCURRED_AT);
        Object recorded = message.getMetaData().get(LedgerMetadata.RECORDED_AT);
        Object source = message.getMetaData().get(LedgerMetadata.SOURCE);
        return new RecordedEvent(message.getIdentifier(), streamId, sequence, message.getPayloadType().getSimpleName(),
                IsoTimes.instant(String.valueOf(occurred)), IsoTimes.instant(String.valueOf(recorded)),
                source == null ? null : source.toString(),
                "true".equals(message.getMetaData().get(LedgerMetadata.BACKFILL)));
    }

    /** The Asia/Shanghai calendar day on which the event occurred. */
    public LocalDate occurredOn() {
        return occurredAt.atZone(SHANGHAI).toLocalDate();
    }
}
