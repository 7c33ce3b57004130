package cn.huanxin.ledger.projections.support;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The two time filters of every read (docs/api.md): {@code asOf}, a business date — only events
 * that occurred on or before it (Asia/Shanghai) — and {@code knownAt}, a record time — only events
 * recorded at or before it. {@code null} means "everything".
 */
public record Bitemporal(LocalDate asOf, Instant knownAt) {

    public static final Bitemporal EVERYTHING = new Bitemporal(null, null);

    /** The first instant after the {@code asOf} day, or {@code null}. */
    public Instant occurredBefore() {
        return asOf == null ? null : asOf.plusDays(1).atStartOfDay(RecordedEvent.SHANGHAI).toInstant();
    }

    /**
     * Times are stored in projection tables as microseconds since the epoch ({@code BIGINT}), which
     * both databases compare exactly; day boundaries and record times (milliseconds) lose nothing.
     */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The exclusive upper bound on {@code occurred_at} micros, or {@link Long#MAX_VALUE} for "everything". */
    public long occurredBeforeMicros() {
        Instant before = occurredBefore();
        return before == null ? Long.MAX_VALUE : micros(before);
    }

    /** The inclusive upper bound on {@code recorded_at} micros, or {@link Long#MAX_VALUE} for "everything". */
    public long knownAtMicros() {
        return knownAt == null ? Long.MAX_VALUE : micros(knownAt);
    }

    public boolean includes(RecordedEvent event) {
        return includes(event.occurredAt(), event.recordedAt());
    }

    public boolean includes(Instant occurredAt, Instant recordedAt) {
        Instant before = occurredBefore();
        return (before == null || occurredAt.isBefore(before)) && (knownAt == null || !recordedAt.isAfter(knownAt));
    }
}
