package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.enterprise.Qualification;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static cn.huanxin.ledger.projections.supervision.StageJudge.plus;
import static cn.huanxin.ledger.projections.supervision.StageJudge.present;
import static cn.huanxin.ledger.projections.supervision.TraceReads.all;
import static cn.huanxin.ledger.projections.supervision.TraceReads.earliestDate;
import static cn.huanxin.ledger.projections.supervision.TraceReads.first;

/**
 * The chain of a returned old appliance by its returnId (R12): COLLECTED → HANDED_OVER →
 * DISMANTLED_BY_QUALIFIED. An appliance subsidy and a reverse invoice that names the returnId follow
 * the same stages.
 */
final class ApplianceChain {

    private static final Set<String> WEEE = Set.of(Qualification.WEEE_PROCESSING.name());

    private final TraceReads reads;
    private final StageJudge judge;

    ApplianceChain(TraceReads reads, StageJudge judge) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    Optional<Chain> chain(String returnId) {
        List<EventRow> own = reads.stream(StreamKind.APPLIANCE, returnId);
        List<EventRow> grants = all(reads.linked(LinkKind.APPLIANCE, returnId), EventRow.SUBSIDY_GRANTED);
        List<EventRow> invoices = all(reads.linked(LinkKind.ITEM, returnId), EventRow.INVOICE_ISSUED);
        if (own.isEmpty() && grants.isEmpty() && invoices.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = stages(returnId, collectionDeadline(own, grants), "COLLECTED", related);
        subsidiesBehind(own, grants).forEach(id -> related.add(new Related(TraceKind.SUBSIDY.word(), id, "subsidy")));
        invoices.forEach(row -> related.add(new Related(TraceKind.INVOICE.word(), row.streamKey(), "reverse-invoice")));
        return Optional.of(new Chain(new Subject(TraceKind.APPLIANCE.word(), returnId), stages, related, own));
    }

    /**
     * COLLECTED → HANDED_OVER → DISMANTLED_BY_QUALIFIED of a returnId (R12), the first stage named
     * {@code collectedName}, adding the owner, collectors, receivers and dismantlers to {@code related};
     * {@code collectBy} is the grant's T1 deadline, if any. All stages wait when there is no returnId.
     */
    List<StageResult> stages(String returnId, LocalDate collectBy, String collectedName, Set<Related> related) {
        List<EventRow> events = returnId == null ? List.of() : reads.stream(StreamKind.APPLIANCE, returnId);
        List<EventRow> collections = all(events, EventRow.APPLIANCE_COLLECTED);
        List<EventRow> handovers = all(events, EventRow.APPLIANCE_HANDED_OVER);
        List<EventRow> dismantlings = all(events, EventRow.APPLIANCE_DISMANTLED);
        collections.forEach(row -> {
            related.add(new Related(TraceKind.PERSON.word(), row.personRef(), "owner"));
            related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "collector"));
        });
        handovers.forEach(row -> related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "receiver")));
        dismantlings.forEach(row -> related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "dismantler")));

        TraceDeadlines deadlines = judge.deadlines();
        List<StageResult> stages = new ArrayList<>();
        stages.add(collections.isEmpty()
                ? judge.missingBy(collectedName, collectBy, BreakReason.NOT_WITHIN_DAYS_OF_GRANT,
                        deadlines.collectionDays())
                : present(collectedName, collections, earliestDate(collections), collectBy));
        EventRow collected = collections.isEmpty() ? null : collections.get(0);
        LocalDate dismantleBy = collected == null ? null : plus(collected.businessDate(), deadlines.dismantlingDays());
        int dismantlingDays = deadlines.dismantlingDays();

        if (!handovers.isEmpty()) {
            stages.add(present("HANDED_OVER", handovers, earliestDate(handovers), dismantleBy));
        } else if (collected != null && dismantlings.stream()
                .anyMatch(row -> Objects.equals(row.enterpriseId(), collected.enterpriseId()))) {
            // The collector dismantled the appliance itself: there was nothing to hand over.
            stages.add(StageResult.of("HANDED_OVER", StageStatus.NOT_APPLICABLE, List.of()));
        } else {
            stages.add(judge.missingBy("HANDED_OVER", dismantleBy, BreakReason.NOT_WITHIN_DAYS_OF_COLLECTION,
                    dismantlingDays));
        }

        String dismantled = "DISMANTLED_BY_QUALIFIED";
        List<EventRow> qualified = dismantlings.stream()
                .filter(row -> judge.holds(row.enterpriseId(), WEEE, row.businessDate())).toList();
        if (!qualified.isEmpty()) {
            stages.add(present(dismantled, dismantlings, earliestDate(qualified), dismantleBy));
        } else if (!dismantlings.isEmpty()) {
            EventRow first = dismantlings.get(0);
            // With no collection there is no deadline, and the dismantling breaks the chain at once.
            stages.add(dismantleBy == null
                    ? StageJudge.unqualified(dismantled, dismantlings,
                            BreakReason.DISMANTLER_UNQUALIFIED.english(first.enterpriseId(), first.businessDate()))
                    : judge.unqualifiedBy(dismantled, dismantlings, dismantleBy, BreakReason.DISMANTLED_BY_UNQUALIFIED
                            .english(dismantlingDays, dismantleBy, first.enterpriseId(), first.businessDate())));
        } else {
            stages.add(judge.missingBy(dismantled, dismantleBy, BreakReason.NOT_DISMANTLED_BY_HOLDER, dismantlingDays));
        }
        return stages;
    }

    /** The subsidies behind an appliance: those naming it as their old item, and the one its collection names. */
    static Set<String> subsidiesBehind(List<EventRow> applianceEvents, List<EventRow> grantsNamingIt) {
        Set<String> ids = new LinkedHashSet<>();
        grantsNamingIt.forEach(row -> ids.add(row.streamKey()));
        applianceEvents.stream().filter(row -> row.is(EventRow.APPLIANCE_COLLECTED) && row.subsidyId() != null)
                .forEach(row -> ids.add(row.subsidyId()));
        return ids;
    }

    /** R12's T1 deadline for an appliance's collection: from the earliest grant behind it, if any. */
    LocalDate collectionDeadline(List<EventRow> applianceEvents, List<EventRow> grantsNamingIt) {
        LocalDate earliest = null;
        for (String subsidyId : subsidiesBehind(applianceEvents, grantsNamingIt)) {
            EventRow grant = first(reads.stream(StreamKind.SUBSIDY, subsidyId), EventRow.SUBSIDY_GRANTED);
            if (grant != null && (earliest == null || grant.occurredOn().isBefore(earliest))) {
                earliest = grant.occurredOn();
            }
        }
        return plus(earliest, judge.deadlines().collectionDays());
    }
}
