package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.Bitemporal;

import java.util.List;
import java.util.Optional;

/**
 * Computes the chains of one trace query from the indexed events within its bitemporal filter: the
 * events are loaded (each stream once) and the stages judged in Java, so the answer is the one the
 * ledger would have given at that time. Deadlines are judged against "now" = the largest occurredAt
 * within the filter (docs/fraud-rules.md), as an Asia/Shanghai date; never the wall clock. One instance serves
 * one query; it hands each kind to its chain, which share the query's reads and judge.
 */
final class TraceAssembler {

    /** Related entries in one answer. */
    static final int MAX_RELATED = 500;
    /** Chains summarised in a person's trace, and items followed on one reverse invoice. */
    static final int MAX_NESTED_CHAINS = 100;

    private final SubsidyChain subsidies;
    private final VehicleChain vehicles;
    private final ApplianceChain appliances;
    private final InvoiceChain invoices;
    private final EnterpriseChain enterprises;
    private final FundChain funds;
    private final PersonChain persons;

    TraceAssembler(SupervisionStore store, Bitemporal time, TraceDeadlines deadlines) {
        TraceReads reads = new TraceReads(store, time);
        StageJudge judge = new StageJudge(reads, deadlines);
        this.vehicles = new VehicleChain(reads, judge);
        this.appliances = new ApplianceChain(reads, judge);
        this.subsidies = new SubsidyChain(reads, judge, vehicles, appliances);
        this.invoices = new InvoiceChain(reads, judge, vehicles, appliances);
        this.enterprises = new EnterpriseChain(reads, judge);
        this.funds = new FundChain(reads);
        this.persons = new PersonChain(reads, this::chain);
    }

    Optional<TraceView> trace(TraceKind kind, String ref) {
        return chain(kind, ref).map(TraceAssembler::view);
    }

    Optional<Chain> chain(TraceKind kind, String ref) {
        return switch (kind) {
            case SUBSIDY -> subsidies.chain(ref);
            case VEHICLE -> vehicles.chain(ref);
            case APPLIANCE -> appliances.chain(ref);
            case INVOICE -> invoices.chain(ref);
            case ENTERPRISE -> enterprises.chain(ref);
            case FUND -> funds.chain(ref);
            case PERSON -> persons.chain(ref);
        };
    }

    private static TraceView view(Chain chain) {
        List<Stage> stages = chain.stages().stream().map(stage -> new Stage(stage.name(), stage.status(),
                stage.events().stream().limit(SupervisionProjection.MAX_STAGE_EVENTS).map(EventRow::toTraceEvent)
                        .toList())).toList();
        List<Related> related = chain.related().stream()
                .filter(entry -> !(entry.kind().equals(chain.subject().kind()) && entry.ref().equals(chain.subject().ref())))
                .limit(MAX_RELATED).toList();
        return new TraceView(chain.subject(), stages, chain.completeness(), chain.missing(), related);
    }
}
