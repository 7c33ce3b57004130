package cn.huanxin.ledger.projections.supervision;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The target totals' changes of one unit of work, added once when it prepares to commit, after every
 * part of its batch is indexed. A batch written in parts would otherwise lock total rows part by part,
 * out of key order, and two segments could deadlock; added at once, a transaction locks them in key
 * order. Outside a unit of work (a direct call, as in tests) changes are added at once.
 */
final class PendingTotals {

    private final String resourceKey =
            PendingTotals.class.getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    private final TargetTotals totals;

    PendingTotals(TargetTotals totals) {
        this.totals = Objects.requireNonNull(totals, "totals");
    }

    /**
     * Registers this unit of work's tally, once. Called after the event's row is handed to the batch,
     * so that the batch's own prepare-commit write, registered first, runs first.
     */
    void open() {
        if (CurrentUnitOfWork.isStarted()) {
            tally();
        }
    }

    void add(Map<TargetBucket, Long> changes) {
        if (changes.isEmpty()) {
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            totals.add(changes);
            return;
        }
        Map<TargetBucket, Long> tally = tally();
        changes.forEach((bucket, amount) -> TargetContribution.add(tally, bucket, amount));
    }

    private Map<TargetBucket, Long> tally() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(resourceKey, key -> {
            Map<TargetBucket, Long> tally = new TreeMap<>();
            root.onPrepareCommit(unitOfWork -> totals.add(tally));
            return tally;
        });
    }
}
