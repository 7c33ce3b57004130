package cn.huanxin.ledger.projections.fraud;

import java.time.Instant;

/**
 * Alerts filtered by rule, status, severity, region and when they were raised ({@code raisedAt} at
 * or after {@code raisedFrom} and before {@code raisedTo}), {@code null} for any, paged.
 */
public record FindAlertsQuery(String ruleId, AlertStatus status, Severity severity, String regionCode,
                              Instant raisedFrom, Instant raisedTo, String afterKey, int limit) {

    /** Alerts filtered by rule, status, severity and region, raised at any time. */
    public FindAlertsQuery(String ruleId, AlertStatus status, Severity severity, String regionCode, String afterKey,
                           int limit) {
        this(ruleId, status, severity, regionCode, null, null, afterKey, limit);
    }
}
