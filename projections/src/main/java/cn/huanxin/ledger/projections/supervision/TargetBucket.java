package cn.huanxin.ledger.projections.supervision;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/**
 * One row of {@code supervision_target_total}: what a counter changed by on one Asia/Shanghai day,
 * filed under the year of the period it counts for. Buckets sort by their key, the order in which
 * they are written, so two transactions adding to the same buckets lock them in the same order.
 *
 * @param counter the counter ({@link TargetContribution})
 * @param year    the year of the period the change counts for: the year of the event, or of the grant
 *                a reversal undoes
 * @param day     the day from which the change holds
 */
record TargetBucket(String counter, int year, LocalDate day) implements Comparable<TargetBucket> {

    private static final Comparator<TargetBucket> ORDER = Comparator.comparing(TargetBucket::counter)
            .thenComparingInt(TargetBucket::year).thenComparing(TargetBucket::day);

    TargetBucket {
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(day, "day");
    }

    /** A change that counts for the year of its own day. */
    static TargetBucket on(String counter, LocalDate day) {
        return new TargetBucket(counter, day.getYear(), day);
    }

    @Override
    public int compareTo(TargetBucket other) {
        return ORDER.compare(this, other);
    }
}
