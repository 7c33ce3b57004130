package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.Bitemporal;

import java.util.Objects;

/**
 * Asks for the full-chain trace of one subject as the ledger stood at {@code time}; answered with
 * {@code Optional<TraceView>}, empty when the subject has no event within the filter.
 *
 * @param kind what the subject is
 * @param ref  its identifier: a subsidy id, VIN, returnId, invoice number, enterprise id, fund id or
 *             (for {@link TraceKind#PERSON}) the person's pseudonym
 * @param time the bitemporal filter ({@link Bitemporal#EVERYTHING} for the present)
 */
public record FindTraceQuery(TraceKind kind, String ref, Bitemporal time) {

    public FindTraceQuery {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ref, "ref");
        time = time == null ? Bitemporal.EVERYTHING : time;
    }
}
