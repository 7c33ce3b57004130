package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;

/**
 * One rule at work on one batch of events: it holds what the rule read for the batch's keys, decides
 * each event in memory in global order, and writes what changed when the batch is flushed. The engine
 * makes one per rule and batch, uses it from one thread, and drops it after {@link #flush()}.
 */
public interface RuleBatch {

    /** Decides one event the rule reads; the events come in global order. */
    void on(LedgerFact fact, RecordedEvent event, RuleContext context);

    /**
     * Called when "now" moves to a later business day, before the event that moved it (see
     * {@link FraudRule#onNewDay}). A deadline rule that scans its tables writes its pending changes
     * first, so that the scan sees exactly what a rule writing event by event would have written.
     */
    default void onNewDay(LocalDate today, RuleContext context) {
    }

    /** Writes the batch's changes to the rule's tables, in the batch's transaction. */
    default void flush() {
    }
}
