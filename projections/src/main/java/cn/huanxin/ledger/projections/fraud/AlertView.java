package cn.huanxin.ledger.projections.fraud;

import java.time.Instant;
import java.util.List;

/**
 * One alert as the API shows it (docs/api.md): {@code summary} carries both languages; the
 * disposition fields are {@code null} while the alert is OPEN. {@code evidence} lists the evidence
 * events the alert keeps, in the order they became evidence — all of them up to 2N, past that the
 * first N and the latest N — and {@code evidenceCount} counts all of them.
 */
public record AlertView(String alertId, String ruleId, Severity severity, AlertStatus status, Subject subject,
                        String summary, String summaryZh, String summaryEn, List<String> evidence, long evidenceCount,
                        Instant raisedAt, String regionCode, String window, String dispositionReason,
                        String dispositionedBy) {

    public record Subject(String kind, String ref) {
    }
}
