package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
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
    public static final RebuildLanes NONE = new RebuildLanes(new RuleLanes(List.of()), () -> {
    });

    /** The marks that the lanes of a rebuild's batch leave until the processor's transaction commits. */
    static final String MARKS = "fraud_lane_mark";

    public RebuildLanes {
        Objects.requireNonNull(lanes, "lanes");
        Objects.requireNonNull(interrupted, "interrupted");
    }

    /** Whether a rebuild's batches take more than the processor's thread. */
    boolean several() {
        return lanes.count() > 1;
    }

    /**
     * Refuses a unit of work while a rebuild's batch is committed only in part (a lane's mark is left),
     * after telling {@link #interrupted}: the view's tables no longer match its token.
     */
    void refuseIfInterrupted(JdbcTemplate jdbc) {
        Integer marks = jdbc.queryForObject("SELECT COUNT(*) FROM " + MARKS, Integer.class);
        if (marks != null && marks > 0) {
            interrupted.run();
            throw new InterruptedRebuildException(marks);
        }
    }

    /** A lane's mark, in the lane's transaction, beside its rules' writes. */
    static void mark(JdbcTemplate lane, int number, String writtenBy) {
        lane.update("INSERT INTO " + MARKS + " (lane, written_by) VALUES (?, ?)", number, writtenBy);
    }

    /** In the processor's transaction, once every lane of the batch has committed: their marks go. */
    static void clearMarks(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM " + MARKS);
    }
}
