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

    /**
     * From this second on, Asia/Shanghai keeps one offset ({@link #FIXED_OFFSET_SECONDS}) in the time-zone
     * rules the JVM runs with: China has not changed its clocks since 1991. Checked once against those
     * rules; if they ever change, every day is read through them ({@link Long#MAX_VALUE}).
     */
    private static final long FIXED_FROM_SECOND;
    private static final int FIXED_OFFSET_SECONDS;

    static {
        Instant from = Instant.parse("1992-01-01T00:00:00Z");
        java.time.zone.ZoneRules rules = SHANGHAI.getRules();
        FIXED_OFFSET_SECONDS = rules.getOffset(from).getTotalSeconds();
        FIXED_FROM_SECOND = rules.nextTransition(from) == null ? from.getEpochSecond() : Long.MAX_VALUE;
    }

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
        return dayOf(occurredAt);
    }

    /**
     * The Asia/Shanghai calendar day of an instant: by arithmetic where the zone keeps one offset (every
     * instant since 1992), through the zone's rules before. Called for every event by several rules.
     */
    public static LocalDate dayOf(Instant instant) {
        long second = instant.getEpochSecond();
        if (second >= FIXED_FROM_SECOND) {
            return LocalDate.ofEpochDay(Math.floorDiv(second + FIXED_OFFSET_SECONDS, 86_400L));
        }
        return instant.atZone(SHANGHAI).toLocalDate();
    }
}
