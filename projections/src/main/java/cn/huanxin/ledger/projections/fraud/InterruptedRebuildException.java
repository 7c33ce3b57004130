package cn.huanxin.ledger.projections.fraud;

/**
 * The fraud view's tables hold part of a batch that its token does not count: a rebuild deciding on
 * several connections ({@link RebuildLanes}) was interrupted after one of them had committed and before
 * the processor's transaction did. The view must be rebuilt from the start; until then its processor
 * refuses every batch with this exception, and nothing more is written.
 */
public final class InterruptedRebuildException extends IllegalStateException {

    InterruptedRebuildException(int marks) {
        super("the fraud view's tables hold part of a rebuild's batch that its token does not count (" + marks
                + " lane mark(s) in fraud_lane_mark: the rebuild was interrupted after a lane had committed); "
                + "the view must be rebuilt from the start");
    }
}
