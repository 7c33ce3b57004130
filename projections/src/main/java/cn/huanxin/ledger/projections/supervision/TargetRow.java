package cn.huanxin.ledger.projections.supervision;

import java.math.BigDecimal;

/**
 * One item of {@code GET /targets}: the target, what the ledger counts against it, and
 * {@code progress} = actual / target as a fraction with four decimal places (1 = 100 %), rounded
 * half up. Money is in yuan with two decimal places; counts are whole numbers.
 */
public record TargetRow(String taskNo, String domain, String leadDepartment, String measure, String unit,
                        BigDecimal target, BigDecimal actual, BigDecimal progress) {
}
