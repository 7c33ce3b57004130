package cn.huanxin.ledger.projections.fraud;

/** Alerts filtered by rule, status, severity and region ({@code null} for any), paged. */
public record FindAlertsQuery(String ruleId, AlertStatus status, Severity severity, String regionCode,
                              String afterKey, int limit) {
}
