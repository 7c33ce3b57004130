package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.Vin;
import cn.huanxin.ledger.core.enterprise.Qualification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static cn.huanxin.ledger.projections.supervision.StageJudge.pending;
import static cn.huanxin.ledger.projections.supervision.TraceReads.all;
import static cn.huanxin.ledger.projections.supervision.TraceReads.first;

/**
 * The chain of a reverse invoice (反向开票): ISSUED by a qualified issuer (R14), then the chain of each
 * item it names, and VOIDED when it was voided.
 */
final class InvoiceChain {

    /** STA Announcement 2024 No. 5: who may issue reverse invoices (R14). */
    private static final Set<String> INVOICE_ISSUER = Set.of(Qualification.VEHICLE_RECYCLING.name(),
            Qualification.HAZARDOUS_WASTE.name(), Qualification.RECYCLING_FILING.name());

    private final TraceReads reads;
    private final StageJudge judge;
    private final VehicleChain vehicles;
    private final ApplianceChain appliances;

    InvoiceChain(TraceReads reads, StageJudge judge, VehicleChain vehicles, ApplianceChain appliances) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.vehicles = Objects.requireNonNull(vehicles, "vehicles");
        this.appliances = Objects.requireNonNull(appliances, "appliances");
    }

    Optional<Chain> chain(String invoiceNo) {
        List<EventRow> own = reads.stream(StreamKind.REVERSE_INVOICE, invoiceNo);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        EventRow issued = first(own, EventRow.INVOICE_ISSUED);
        if (issued == null) {
            stages.add(pending("ISSUED"));
        } else {
            related.add(new Related(TraceKind.ENTERPRISE.word(), issued.enterpriseId(), "issuer"));
            related.add(new Related(TraceKind.PERSON.word(), issued.personRef(), "seller"));
            if (judge.holds(issued.enterpriseId(), INVOICE_ISSUER, issued.businessDate())) {
                stages.add(StageResult.of("ISSUED", StageStatus.DONE, List.of(issued)));
            } else {
                stages.add(StageJudge.unqualified("ISSUED", List.of(issued),
                        BreakReason.ISSUER_UNQUALIFIED.english(issued.enterpriseId(), issued.businessDate())));
            }
            for (String item : reads.itemRefs(issued.ledgerEventId()).stream()
                    .limit(TraceAssembler.MAX_NESTED_CHAINS).toList()) {
                stages.addAll(itemStages(item, related));
            }
        }
        List<EventRow> voids = all(own, EventRow.INVOICE_VOIDED);
        if (!voids.isEmpty()) {
            stages.add(StageResult.of("VOIDED", StageStatus.INFO, voids));
        }
        return Optional.of(new Chain(new Subject(TraceKind.INVOICE.word(), invoiceNo), stages, related, own));
    }

    /**
     * Where an invoiced item went: a VIN's vehicle chain or a returnId's appliance chain, each stage
     * named {@code vehicle:VIN/STAGE} or {@code appliance:ID/STAGE}. The invoice does not say which
     * an item is: the stream that exists decides, else the form of the reference.
     */
    private List<StageResult> itemStages(String item, Set<Related> related) {
        boolean vehicle = !reads.stream(StreamKind.VEHICLE, item).isEmpty()
                || (reads.stream(StreamKind.APPLIANCE, item).isEmpty() && Vin.problem(item).isEmpty());
        List<StageResult> stages;
        String prefix;
        if (vehicle) {
            prefix = StreamKind.VEHICLE.prefix() + ":" + item + "/";
            related.add(new Related(TraceKind.VEHICLE.word(), item, "item"));
            stages = vehicles.stages(item, related);
            all(reads.linked(LinkKind.VEHICLE, item), EventRow.SUBSIDY_GRANTED)
                    .forEach(row -> related.add(new Related(TraceKind.SUBSIDY.word(), row.streamKey(), "item-subsidy")));
        } else {
            prefix = StreamKind.APPLIANCE.prefix() + ":" + item + "/";
            related.add(new Related(TraceKind.APPLIANCE.word(), item, "item"));
            List<EventRow> own = reads.stream(StreamKind.APPLIANCE, item);
            List<EventRow> grants = all(reads.linked(LinkKind.APPLIANCE, item), EventRow.SUBSIDY_GRANTED);
            stages = appliances.stages(item, appliances.collectionDeadline(own, grants), "COLLECTED", related);
            ApplianceChain.subsidiesBehind(own, grants)
                    .forEach(id -> related.add(new Related(TraceKind.SUBSIDY.word(), id, "item-subsidy")));
        }
        return stages.stream().map(stage -> stage.renamed(prefix + stage.name())).toList();
    }
}
