package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules that decide a stage's {@link StageStatus} and whether it breaks its chain, shared by all
 * chains: deadlines judged against "now" (the largest occurredAt within the filter, as an
 * Asia/Shanghai date, never the wall clock — docs/fraud-rules.md), qualifications as held on the day, withdrawn
 * subsidies and stages that stand for whole chains. The chains decide which stages they have and
 * which events and deadline belong to each; this class decides what that makes of the stage.
 */
final class StageJudge {

    private final TraceReads reads;
    private final TraceDeadlines deadlines;
    private final LocalDate today;

    StageJudge(TraceReads reads, TraceDeadlines deadlines) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.today = reads.nowMicros().stream()
                .mapToObj(micros -> Bitemporal.fromMicros(micros).atZone(RecordedEvent.SHANGHAI).toLocalDate())
                .findFirst().orElse(null);
    }

    TraceDeadlines deadlines() {
        return deadlines;
    }

    /** "Now" as an Asia/Shanghai date, or null when nothing within the filter has occurred. */
    LocalDate today() {
        return today;
    }

    // ---- stages ----

    static StageResult pending(String name) {
        return StageResult.of(name, StageStatus.PENDING, List.of());
    }

    static StageResult presentOrPending(String name, List<EventRow> events) {
        return events.isEmpty() ? pending(name) : StageResult.of(name, StageStatus.DONE, events);
    }

    /** A stage that is there: DONE, or LATE when it happened after its deadline. */
    static StageResult present(String name, List<EventRow> events, LocalDate doneOn, LocalDate deadline) {
        boolean late = deadline != null && doneOn != null && doneOn.isAfter(deadline);
        return StageResult.of(name, late ? StageStatus.LATE : StageStatus.DONE, events);
    }

    /** A stage that is not there: MISSING (breaking the chain) once "now" is after its deadline, else PENDING. */
    StageResult missingBy(String name, LocalDate deadline, BreakReason reason, int days) {
        if (overdue(deadline)) {
            return StageResult.broken(name, StageStatus.MISSING, List.of(), reason.english(days, deadline));
        }
        return pending(name);
    }

    /** A stage whose event is there but by an enterprise without the qualification, and that has no deadline: it breaks the chain at once. */
    static StageResult unqualified(String name, List<EventRow> events, String reason) {
        return StageResult.broken(name, StageStatus.UNQUALIFIED, events, reason);
    }

    /**
     * A stage whose event is there but by an enterprise without the qualification. It breaks the chain
     * once its deadline has passed without a qualified event.
     */
    StageResult unqualifiedBy(String name, List<EventRow> events, LocalDate deadline, String reason) {
        if (overdue(deadline)) {
            return StageResult.broken(name, StageStatus.UNQUALIFIED, events, reason);
        }
        return StageResult.of(name, StageStatus.UNQUALIFIED, events);
    }

    /**
     * A stage of a subsidy that was reversed in full: the subsidy is withdrawn, so a stage still
     * outstanding is no longer due, while a stage that did happen is shown as it happened.
     */
    static StageResult withdrawn(StageResult stage) {
        boolean outstanding = stage.status() == StageStatus.PENDING || stage.status() == StageStatus.MISSING;
        return outstanding ? StageResult.of(stage.name(), StageStatus.NOT_APPLICABLE, stage.events()) : stage;
    }

    /**
     * A stage that stands for a whole chain (a person's subsidy, vehicle …): DONE when the chain is
     * complete, PENDING while it is in progress, and BROKEN with the reasons of the stages that break it.
     */
    static StageResult standingFor(String name, Chain chain) {
        return switch (chain.completeness()) {
            case COMPLETE -> StageResult.of(name, StageStatus.DONE, chain.ownEvents());
            case IN_PROGRESS -> StageResult.of(name, StageStatus.PENDING, chain.ownEvents());
            case BROKEN -> StageResult.broken(name, StageStatus.BROKEN, chain.ownEvents(),
                    String.join("; ", chain.stages().stream().filter(StageResult::breaks)
                            .map(StageResult::missingEntry).toList()));
        };
    }

    // ---- deadlines ----

    private boolean overdue(LocalDate deadline) {
        return deadline != null && today != null && today.isAfter(deadline);
    }

    /** The deadline {@code days} calendar days after a date, or null when there is no date to count from. */
    static LocalDate plus(LocalDate date, int days) {
        return date == null ? null : date.plusDays(days);
    }

    // ---- qualifications ----

    /**
     * Whether an enterprise held one of the qualifications on a day, as known within the filter: a
     * grant valid from on or before the day and not expired before it, not ended by a later
     * revocation (later in the enterprise's stream) that took effect on or before the day. A
     * revocation "from revokedOn" means the qualification is not held on revokedOn itself.
     */
    boolean holds(String enterpriseId, Set<String> qualifications, LocalDate day) {
        if (enterpriseId == null || day == null) {
            return false;
        }
        List<EventRow> events = reads.stream(StreamKind.ENTERPRISE, enterpriseId);
        for (EventRow grant : events) {
            if (!grant.is(EventRow.QUALIFICATION_GRANTED) || !qualifications.contains(grant.qualification())
                    || grant.businessDate().isAfter(day) || (grant.validTo() != null && grant.validTo().isBefore(day))) {
                continue;
            }
            boolean revoked = events.stream().anyMatch(row -> row.is(EventRow.QUALIFICATION_REVOKED)
                    && row.qualification().equals(grant.qualification()) && row.sequence() > grant.sequence()
                    && !row.businessDate().isAfter(day));
            if (!revoked) {
                return true;
            }
        }
        return false;
    }
}
