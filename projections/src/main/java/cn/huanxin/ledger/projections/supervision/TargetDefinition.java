package cn.huanxin.ledger.projections.supervision;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of the plan's target list (淮政发〔2024〕10号 attachment and the plan's 2027 goals).
 *
 * @param taskNo         the task number of the plan's attachment (a string: some plans number "3-1")
 * @param year           the calendar year the target is for
 * @param domain         the plan's domain (工业, 交通运输 …), shown as configured
 * @param leadDepartment the lead department (市工信局 …)
 * @param measure        the stable measure code; must equal {@link Counting#measure()}
 * @param unit           the unit shown with the figures (台(套), 元, 平方米 …)
 * @param target         the target figure, in {@code unit} (money in yuan), greater than zero
 * @param counting       what is counted
 * @param cumulative     counted from the programme's first event up to the end of {@code year},
 *                       instead of within {@code year} alone
 */
public record TargetDefinition(String taskNo, int year, String domain, String leadDepartment, String measure,
                               String unit, BigDecimal target, Counting counting, boolean cumulative) {

    /** Years outside this range are typing mistakes. */
    static final int MIN_YEAR = 2000;
    static final int MAX_YEAR = 2100;

    public TargetDefinition {
        requireText(taskNo, "taskNo");
        requireText(domain, "domain");
        requireText(leadDepartment, "leadDepartment");
        requireText(measure, "measure");
        requireText(unit, "unit");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(counting, "counting");
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException("target " + taskNo + ": year must be " + MIN_YEAR + "-" + MAX_YEAR);
        }
        if (target.signum() <= 0) {
            throw new IllegalArgumentException("target " + taskNo + " " + measure + ": target must be greater than zero");
        }
        if (!measure.equals(counting.measure())) {
            throw new IllegalArgumentException("target " + taskNo + ": measure " + measure
                    + " does not match its counting, which measures " + counting.measure());
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("target " + name + " is missing");
        }
    }
}
