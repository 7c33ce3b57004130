package cn.huanxin.ledger.projections.fraud;

import java.util.List;
import java.util.Objects;

/**
 * What a rule found: the subject (what the alert is about), the window where the rule has one, a
 * summary in Chinese and English, and every event that is evidence. Raising the same rule, subject
 * and window again adds the new evidence to the one alert.
 *
 * @param subjectKind e.g. {@code person}, {@code subsidy}, {@code vin}, {@code address}
 * @param subjectRef  the subject's id (a pseudonym for people, accounts and addresses)
 * @param window      the rule's window (e.g. {@code 2024} or {@code 2024-09-01/2024-09-07}), or {@code null}
 * @param regionCode  the region the alert concerns, for filtering, or {@code null}
 */
public record AlertDraft(String ruleId, Severity severity, String subjectKind, String subjectRef, String window,
                         String regionCode, String summaryZh, String summaryEn, List<String> evidence) {

    public AlertDraft {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subjectKind, "subjectKind");
        Objects.requireNonNull(subjectRef, "subjectRef");
        Objects.requireNonNull(summaryZh, "summaryZh");
        Objects.requireNonNull(summaryEn, "summaryEn");
        evidence = List.copyOf(evidence);
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("an alert names at least one event as evidence");
        }
    }

    /** The deterministic alert id: the same rule, subject and window always give the same id. */
    public String alertId() {
        return AlertIds.of(ruleId, subjectKind, subjectRef, window);
    }
}
