package cn.huanxin.ledger.projections.fraud;

/** How urgently an alert should be looked at (docs/fraud-rules.md). */
public enum Severity {
    HIGH, MEDIUM, LOW
}
