package cn.huanxin.ledger.projections.balance;

import java.util.List;

/**
 * The postings of each event type (docs/balances.md), as pure functions: debits first, then
 * credits, and every entry sums to zero. Nothing here reads a database or a clock, so the same
 * events in the same order always give the same lines.
 */
final class PostingRules {

    private PostingRules() {
    }

    /** Money arrives from the outside world into the fund's pool. */
    static List<Line> appropriated(String fundId, long amountFen) {
        return List.of(
                new Line(Accounts.pool(fundId), AccountKind.POOL, amountFen),
                new Line(Accounts.WORLD, AccountKind.WORLD, -amountFen));
    }

    /** The pool's money becomes the region's quota. */
    static List<Line> allocated(String fundId, String regionCode, long amountFen) {
        return List.of(
                new Line(Accounts.quota(fundId, regionCode), AccountKind.QUOTA, amountFen),
                new Line(Accounts.pool(fundId), AccountKind.POOL, -amountFen));
    }

    /** Quota goes back to the pool. */
    static List<Line> reclaimed(String fundId, String regionCode, long amountFen) {
        return List.of(
                new Line(Accounts.pool(fundId), AccountKind.POOL, amountFen),
                new Line(Accounts.quota(fundId, regionCode), AccountKind.QUOTA, -amountFen));
    }

    /** A grant commits quota. */
    static List<Line> granted(String fundId, String regionCode, long amountFen) {
        return List.of(
                new Line(Accounts.committed(fundId, regionCode), AccountKind.COMMITTED, amountFen),
                new Line(Accounts.quota(fundId, regionCode), AccountKind.QUOTA, -amountFen));
    }

    /**
     * A payment moves its whole amount from committed to paid, even beyond the commitment: an
     * over-payment must show as a negative commitment, not be hidden by a clamp (rule R18 alerts).
     */
    static List<Line> paid(SubsidyState subsidy, long amountFen) {
        return List.of(
                new Line(Accounts.paid(subsidy.fundId(), subsidy.regionCode()), AccountKind.PAID, amountFen),
                new Line(Accounts.committed(subsidy.fundId(), subsidy.regionCode()), AccountKind.COMMITTED,
                        -amountFen));
    }

    /**
     * A reversal returns its amount to quota, taken from the subsidy's unpaid commitment as far as
     * that is positive, and from its paid money for the rest (docs/api.md). A part that is zero
     * gets no line, so an account's postings show only real movements.
     */
    static Reversal reversed(SubsidyState subsidy, long amountFen) {
        long fromCommittedFen = Math.min(amountFen, Math.max(0, subsidy.unpaidCommitmentFen()));
        long fromPaidFen = amountFen - fromCommittedFen;
        String fundId = subsidy.fundId();
        String regionCode = subsidy.regionCode();
        Line quota = new Line(Accounts.quota(fundId, regionCode), AccountKind.QUOTA, amountFen);
        Line committed = new Line(Accounts.committed(fundId, regionCode), AccountKind.COMMITTED, -fromCommittedFen);
        Line paid = new Line(Accounts.paid(fundId, regionCode), AccountKind.PAID, -fromPaidFen);
        List<Line> lines;
        if (fromCommittedFen != 0 && fromPaidFen != 0) {
            lines = List.of(quota, committed, paid);
        } else if (fromPaidFen != 0) {
            lines = List.of(quota, paid);
        } else {
            lines = List.of(quota, committed);
        }
        return new Reversal(lines, fromCommittedFen, fromPaidFen);
    }

    /** The lines of a reversal and how it was split, which the subsidy's state must remember. */
    record Reversal(List<Line> lines, long fromCommittedFen, long fromPaidFen) {
    }
}
