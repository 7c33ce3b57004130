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

import static cn.huanxin.ledger.projections.supervision.StageJudge.pending;
import static cn.huanxin.ledger.projections.supervision.StageJudge.plus;
import static cn.huanxin.ledger.projections.supervision.StageJudge.present;
import static cn.huanxin.ledger.projections.supervision.TraceReads.all;
import static cn.huanxin.ledger.projections.supervision.TraceReads.earliestDate;

/**
 * The chain of a scrapped vehicle by its VIN (R13): SCRAPPED_BY_QUALIFIED_RECYCLER → DEREGISTERED →
 * DISMANTLED. A vehicle subsidy and a reverse invoice that names the VIN follow the same stages.
 */
final class VehicleChain {

    private static final Set<String> VEHICLE_RECYCLING = Set.of(Qualification.VEHICLE_RECYCLING.name());

    private final TraceReads reads;
    private final StageJudge judge;

    VehicleChain(TraceReads reads, StageJudge judge) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    Optional<Chain> chain(String vin) {
        List<EventRow> own = reads.stream(StreamKind.VEHICLE, vin);
        List<EventRow> grants = all(reads.linked(LinkKind.VEHICLE, vin), EventRow.SUBSIDY_GRANTED);
        List<EventRow> invoices = all(reads.linked(LinkKind.ITEM, vin), EventRow.INVOICE_ISSUED);
        if (own.isEmpty() && grants.isEmpty() && invoices.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = stages(vin, related);
        grants.forEach(row -> related.add(new Related(TraceKind.SUBSIDY.word(), row.streamKey(), "subsidy")));
        invoices.forEach(row -> related.add(new Related(TraceKind.INVOICE.word(), row.streamKey(), "reverse-invoice")));
        return Optional.of(new Chain(new Subject(TraceKind.VEHICLE.word(), vin), stages, related, own));
    }

    /**
     * SCRAPPED_BY_QUALIFIED_RECYCLER → DEREGISTERED → DISMANTLED of a VIN (R13), adding the owner,
     * recyclers and dismantlers to {@code related}; all stages wait when there is no VIN.
     */
    List<StageResult> stages(String vin, Set<Related> related) {
        List<EventRow> events = vin == null ? List.of() : reads.stream(StreamKind.VEHICLE, vin);
        List<EventRow> scraps = all(events, EventRow.VEHICLE_SCRAPPED);
        List<EventRow> deregistrations = all(events, EventRow.VEHICLE_DEREGISTERED);
        List<EventRow> dismantlings = all(events, EventRow.VEHICLE_DISMANTLED);
        scraps.forEach(row -> {
            related.add(new Related(TraceKind.PERSON.word(), row.personRef(), "owner"));
            related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "recycler"));
        });
        dismantlings.forEach(row -> related.add(new Related(TraceKind.ENTERPRISE.word(), row.enterpriseId(), "dismantler")));

        List<StageResult> stages = new ArrayList<>();
        String scrapped = "SCRAPPED_BY_QUALIFIED_RECYCLER";
        if (scraps.isEmpty()) {
            stages.add(pending(scrapped));
        } else if (scraps.stream()
                .anyMatch(row -> judge.holds(row.enterpriseId(), VEHICLE_RECYCLING, row.businessDate()))) {
            stages.add(StageResult.of(scrapped, StageStatus.DONE, scraps));
        } else {
            EventRow scrap = scraps.get(0);
            stages.add(StageJudge.unqualified(scrapped, scraps,
                    BreakReason.RECYCLER_UNQUALIFIED.english(scrap.enterpriseId(), scrap.businessDate())));
        }
        int closureDays = judge.deadlines().vehicleClosureDays();
        LocalDate closeBy = plus(earliestDate(scraps), closureDays);
        BreakReason closure = BreakReason.NOT_WITHIN_DAYS_OF_SCRAPPING;
        stages.add(deregistrations.isEmpty() ? judge.missingBy("DEREGISTERED", closeBy, closure, closureDays)
                : present("DEREGISTERED", deregistrations, earliestDate(deregistrations), closeBy));
        stages.add(dismantlings.isEmpty() ? judge.missingBy("DISMANTLED", closeBy, closure, closureDays)
                : present("DISMANTLED", dismantlings, earliestDate(dismantlings), closeBy));
        return stages;
    }
}
