package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.projections.support.Bitemporal;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The reads of one trace query, all within its bitemporal filter, and the helpers that pick rows out
 * of what was read. Each stream and each linked subject is loaded once per query: a person's trace
 * follows many chains that share streams (the same enterprise's qualifications, the same grant), and
 * every chain of one query must see the same rows.
 */
final class TraceReads {

    /** Events that concern one subject read for a trace: the first ones, in order. */
    static final int MAX_LINKED_EVENTS = 1000;

    private final SupervisionStore store;
    private final Bitemporal time;
    private final Map<String, List<EventRow>> streams = new HashMap<>();
    private final Map<String, List<EventRow>> links = new HashMap<>();

    TraceReads(SupervisionStore store, Bitemporal time) {
        this.store = Objects.requireNonNull(store, "store");
        this.time = Objects.requireNonNull(time, "time");
    }

    /** The largest occurredAt within the filter, which the deadline rules take as "now" (docs/fraud-rules.md). */
    OptionalLong nowMicros() {
        return store.now(time);
    }

    /** The events of the stream {@code kind:key} within the filter, in order. */
    List<EventRow> stream(StreamKind kind, String key) {
        String streamId = kind.prefix() + ":" + key;
        return streams.computeIfAbsent(streamId, id -> store.stream(id, time));
    }

    /**
     * The first {@value #MAX_LINKED_EVENTS} events within the filter, in order, that concern a subject
     * besides their own streams.
     */
    List<EventRow> linked(LinkKind kind, String ref) {
        return links.computeIfAbsent(kind.name() + "\u0000" + ref,
                key -> store.linked(kind, ref, time, MAX_LINKED_EVENTS));
    }

    /** The items a reverse invoice names, in a stable order. */
    List<String> itemRefs(String ledgerEventId) {
        return store.itemRefs(ledgerEventId);
    }

    /** The first {@code limit} payments within the filter of subsidies granted from a fund. */
    List<EventRow> paymentsFromFund(String fundId, int limit) {
        return store.paymentsFromFund(fundId, time, limit);
    }

    // ---- picking rows out of what was read ----

    /** The event of a type that comes first in its stream, or null. */
    static EventRow first(List<EventRow> events, String type) {
        return events.stream().filter(row -> row.is(type)).min(Comparator.comparingLong(EventRow::sequence)).orElse(null);
    }

    /** The events of a type, in the order read. */
    static List<EventRow> all(List<EventRow> events, String type) {
        return events.stream().filter(row -> row.is(type)).toList();
    }

    /** The earliest payload date (or day of occurrence) among the events, or null when there are none. */
    static LocalDate earliestDate(List<EventRow> events) {
        return events.stream().map(EventRow::dateOrOccurredOn).min(Comparator.naturalOrder()).orElse(null);
    }
}
