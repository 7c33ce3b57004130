package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.RecordedEvent;

/** An event handed to the projection and not yet posted: its payload, its metadata, its global position. */
record PendingEvent(LedgerFact fact, RecordedEvent recorded, long position) {
}
