package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static cn.huanxin.ledger.projections.supervision.StageJudge.pending;
import static cn.huanxin.ledger.projections.supervision.StageJudge.plus;
import static cn.huanxin.ledger.projections.supervision.StageJudge.present;
import static cn.huanxin.ledger.projections.supervision.TraceReads.all;
import static cn.huanxin.ledger.projections.supervision.TraceReads.earliestDate;
import static cn.huanxin.ledger.projections.supervision.TraceReads.first;

/**
 * The chain of a subsidy: FUND_ALLOCATED → GRANTED → PAID, then the stages of its old item — a
 * scrapped vehicle's (R13) or a returned appliance's (R12) — and REVERSED when it was reversed.
 */
final class SubsidyChain {

    private final TraceReads reads;
    private final StageJudge judge;
    private final VehicleChain vehicles;
    private final ApplianceChain appliances;

    SubsidyChain(TraceReads reads, StageJudge judge, VehicleChain vehicles, ApplianceChain appliances) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.vehicles = Objects.requireNonNull(vehicles, "vehicles");
        this.appliances = Objects.requireNonNull(appliances, "appliances");
    }

    Optional<Chain> chain(String subsidyId) {
        List<EventRow> own = reads.stream(StreamKind.SUBSIDY, subsidyId);
        List<EventRow> namedBy = reads.linked(LinkKind.SUBSIDY, subsidyId);
        if (own.isEmpty() && namedBy.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        EventRow grant = first(own, EventRow.SUBSIDY_GRANTED);
        List<EventRow> payments = all(own, EventRow.SUBSIDY_PAID);
        List<EventRow> reversals = all(own, EventRow.SUBSIDY_REVERSED);
        long reversedFen = reversals.stream().mapToLong(EventRow::amountFen).sum();
        boolean withdrawn = grant != null && reversedFen >= grant.amountFen();
        LocalDate grantedOn = grant == null ? null : grant.occurredOn();

        stages.add(fundAllocated(grant, related));
        if (grant != null) {
            related.add(grant.personRef() != null
                    ? new Related(TraceKind.PERSON.word(), grant.personRef(), "beneficiary")
                    : new Related(TraceKind.ENTERPRISE.word(), grant.enterpriseId(), "beneficiary"));
            if (grant.merchantId() != null) {
                related.add(new Related(TraceKind.ENTERPRISE.word(), grant.merchantId(), "merchant"));
            }
        }
        stages.add(grant == null ? pending("GRANTED") : StageResult.of("GRANTED", StageStatus.DONE, List.of(grant)));

        TraceDeadlines deadlines = judge.deadlines();
        List<StageResult> due = new ArrayList<>();
        LocalDate payBy = plus(grantedOn, deadlines.paymentDays());
        due.add(payments.isEmpty()
                ? judge.missingBy("PAID", payBy, BreakReason.NOT_WITHIN_DAYS_OF_GRANT, deadlines.paymentDays())
                : present("PAID", payments, earliestDate(payments), payBy));

        String programme = grant == null ? null : grant.programme();
        String oldItemKind = grant == null ? null : grant.oldItemKind();
        String oldItemRef = grant == null ? null : grant.oldItemRef();
        boolean vehicleChain = Programme.VEHICLE_SCRAP.name().equals(programme)
                || (OldItemKind.VEHICLE.name().equals(oldItemKind) && !Programme.VEHICLE_REPLACEMENT.name().equals(programme));
        boolean applianceChain = !vehicleChain && (Programme.APPLIANCE.name().equals(programme)
                || OldItemKind.APPLIANCE.name().equals(oldItemKind) || (grant == null && !namedBy.isEmpty()));
        if (applianceChain) {
            String returnId = OldItemKind.APPLIANCE.name().equals(oldItemKind) ? oldItemRef
                    : namedBy.stream().filter(row -> row.is(EventRow.APPLIANCE_COLLECTED)).map(EventRow::returnId)
                    .findFirst().orElse(null);
            if (returnId != null) {
                related.add(new Related(TraceKind.APPLIANCE.word(), returnId, "old-item"));
            }
            due.addAll(appliances.stages(returnId, plus(grantedOn, deadlines.collectionDays()), "OLD_ITEM_COLLECTED",
                    related));
        } else if (vehicleChain) {
            String vin = OldItemKind.VEHICLE.name().equals(oldItemKind) ? oldItemRef : null;
            if (vin != null) {
                related.add(new Related(TraceKind.VEHICLE.word(), vin, "old-item"));
            }
            due.addAll(vehicles.stages(vin, related));
        } else if (oldItemRef != null) {
            related.add(new Related(oldItemKind.toLowerCase(Locale.ROOT), oldItemRef, "old-item"));
        }
        for (StageResult stage : due) {
            stages.add(withdrawn ? StageJudge.withdrawn(stage) : stage);
        }
        if (!reversals.isEmpty()) {
            stages.add(StageResult.of("REVERSED", StageStatus.INFO, reversals));
        }

        if (grant != null) {
            if (grant.personRef() != null) {
                otherSubsidies(LinkKind.PERSON, grant.personRef(), subsidyId, "same-beneficiary", related);
            }
            if (oldItemRef != null) {
                otherSubsidies(LinkKind.valueOf(oldItemKind), oldItemRef, subsidyId, "same-old-item", related);
                invoicesNaming(oldItemRef, related);
            }
        }
        return Optional.of(new Chain(new Subject(TraceKind.SUBSIDY.word(), subsidyId), stages, related, own));
    }

    /** FUND_ALLOCATED: an allocation of the subsidy's fund to its region that occurred on or before the grant. */
    private StageResult fundAllocated(EventRow grant, Set<Related> related) {
        if (grant == null) {
            return pending("FUND_ALLOCATED");
        }
        related.add(new Related(TraceKind.FUND.word(), grant.fundId(), "fund"));
        List<EventRow> allocations = reads.stream(StreamKind.FUND, grant.fundId()).stream()
                .filter(row -> row.is(EventRow.FUND_ALLOCATED) && Objects.equals(row.regionCode(), grant.regionCode())
                        && row.occurredAtMicros() <= grant.occurredAtMicros())
                .toList();
        if (allocations.isEmpty()) {
            return StageResult.broken("FUND_ALLOCATED", StageStatus.MISSING, List.of(),
                    BreakReason.NO_ALLOCATION.english(grant.fundId(), grant.regionCode()));
        }
        return StageResult.of("FUND_ALLOCATED", StageStatus.DONE, allocations);
    }

    private void otherSubsidies(LinkKind kind, String ref, String subsidyId, String relation, Set<Related> related) {
        for (EventRow row : reads.linked(kind, ref)) {
            if (row.is(EventRow.SUBSIDY_GRANTED) && !row.streamKey().equals(subsidyId)) {
                related.add(new Related(TraceKind.SUBSIDY.word(), row.streamKey(), relation));
            }
        }
    }

    private void invoicesNaming(String itemRef, Set<Related> related) {
        for (EventRow row : reads.linked(LinkKind.ITEM, itemRef)) {
            if (row.is(EventRow.INVOICE_ISSUED)) {
                related.add(new Related(TraceKind.INVOICE.word(), row.streamKey(), "reverse-invoice"));
            }
        }
    }
}
