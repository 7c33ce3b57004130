package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.util.Objects;

/** One event as the fraud engine receives it: the fact and what the views know about it besides. */
public record FraudEvent(LedgerFact fact, RecordedEvent event) {

    public FraudEvent {
        Objects.requireNonNull(fact, "fact");
        Objects.requireNonNull(event, "event");
    }
}
