package cn.huanxin.ledger.projections.fraud;

/** The rule catalogue with current parameters. */
public record FindRulesQuery() {
}
