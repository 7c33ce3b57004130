package cn.huanxin.ledger.projections.fraud;

import java.util.Objects;

/**
 * How the live view decides the batches of a rebuild (its processor replaying history): on
 * {@code lanes}, each lane beyond the processor's with a connection and a transaction of its own, as an
 * investigation does ({@link RuleLanes}). Only a rebuild's batches: outside a replay the view decides on
 * the processor's thread, in the processor's one transaction.
 * <p>
 * A lane commits its rules' writes before the processor's transaction commits the rest of the batch
 * with the view's token. Should the processor's transaction then fail, or the ledger stop in between,
 * the view's tables hold part of a batch that its token does not count: the lane's commit leaves a
 * mark ({@code fraud_lane_mark}) that only the processor's commit removes, and the next batch of the
 * view, on this node or another, finds it, refuses to go on ({@link InterruptedRebuildException}) and
 * calls {@code interrupted}, which has the view rebuilt from the start.
 *
 * @param lanes       the lanes; one lane (the processor's alone) decides every batch on the processor's thread
 * @param interrupted called, on the processor's thread, when a batch finds a mark left by a rebuild
 *                    interrupted part way through a batch; it must not wait for the processor
 */
public record RebuildLanes(RuleLanes lanes, Runnable interrupted) {

    /** No lanes: every batch on the processor's thread; a mark found is only refused. */
    public static final RebuildLanes NONE = new RebuildLanes(new RuleLanes(java.util.List.of()), () -> {
    });

    public RebuildLanes {
        Objects.requireNonNull(lanes, "lanes");
        Objects.requireNonNull(interrupted, "interrupted");
    }

    /** Whether a rebuild's batches take more than the processor's thread. */
    boolean several() {
        return lanes.count() > 1;
    }
}
