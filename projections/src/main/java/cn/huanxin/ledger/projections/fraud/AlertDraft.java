package cn.huanxin.ledger.projections.fraud;

import java.util.List;
import java.util.Objects;

/**
 * What a rule found: the subject (what the alert is about), the window where the rule has one, a
 * summary in Chinese and English, and the events that are evidence, in order. Raising the same rule,
 * subject and window again adds the new evidence to the one alert. The store keeps an alert's first
 * N and latest N evidence events and counts all of them ({@link RuleContext#evidenceBound()}).
 * <p>
 * A rule whose evidence is long may leave out the middle of it: {@code omitted} events that lie
 * after the first {@code omittedAfter} listed ones. The store counts them and keeps none of them, so
 * the draft must list the alert's first N before the gap and at least N events after it.
 *
 * @param subjectKind  e.g. {@code person}, {@code subsidy}, {@code vin}, {@code address}
 * @param subjectRef   the subject's id (a pseudonym for people, accounts and addresses)
 * @param window       the rule's window (e.g. {@code 2024} or {@code 2024-09-01/2024-09-07}), or {@code null}
 * @param regionCode   the region the alert concerns, for filtering, or {@code null}
 * @param omittedAfter how many listed events come before the ones left out
 * @param omitted      how many evidence events the list leaves out there
 */
public record AlertDraft(String ruleId, Severity severity, String subjectKind, String subjectRef, String window,
                         String regionCode, String summaryZh, String summaryEn, List<String> evidence,
                         int omittedAfter, long omitted) {

    /** A draft that lists all its evidence. */
    public AlertDraft(String ruleId, Severity severity, String subjectKind, String subjectRef, String window,
                      String regionCode, String summaryZh, String summaryEn, List<String> evidence) {
        this(ruleId, severity, subjectKind, subjectRef, window, regionCode, summaryZh, summaryEn, evidence,
                evidence.size(), 0);
    }

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
        if (omitted < 0 || omittedAfter < 0 || omittedAfter > evidence.size()) {
            throw new IllegalArgumentException("omitted events lie within the list: " + omitted + " after "
                    + omittedAfter + " of " + evidence.size());
        }
    }

    /** The deterministic alert id: the same rule, subject and window always give the same id. */
    public String alertId() {
        return AlertIds.of(ruleId, subjectKind, subjectRef, window);
    }
}
