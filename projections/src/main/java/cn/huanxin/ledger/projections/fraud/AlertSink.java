package cn.huanxin.ledger.projections.fraud;

/**
 * Where the alerts a rule raises during a batch go: the batch's alerts ({@link AlertStore.Batch}) when
 * one thread decides it, a lane's tagged list when several do ({@link LanedDecision}).
 */
interface AlertSink {

    /** An alert raised with the event-time clock at {@code nowMicros}. */
    void raise(AlertDraft draft, long nowMicros);
}
