package cn.huanxin.ledger.projections.supervision;

import java.time.Instant;

/** One recorded event of a stage: enough to find it in the history and in an evidence bundle. */
public record TraceEvent(String ledgerEventId, String streamId, String type, Instant occurredAt, Instant recordedAt) {
}
