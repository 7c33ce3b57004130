package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The supervision read model (全链条监管): the full-chain trace of a subsidy, vehicle, appliance,
 * reverse invoice, enterprise, fund or person, and progress against the plan's targets.
 * <p>
 * It indexes every event — its place, its two times and the few payload fields the chains and
 * targets read — in {@code supervision_event}, and the subjects each event concerns besides its own
 * stream in {@code supervision_link}. Queries load the events within their bitemporal filter and
 * judge the chains then, so an answer for {@code asOf}/{@code knownAt} is exactly the one the ledger
 * would have given at that time, and deadlines are judged against the business time of the events
 * (docs/fraud-rules.md), never the wall clock. The rows are a pure function of the events: a replay writes the
 * same rows.
 * <p>
 * Writes are buffered per batch: the handlers only compute rows, and the batch's unit of work writes
 * them with two batched inserts when it prepares to commit, inside the processor's transaction. A
 * redelivered event is recognised by its ledger event id and written once. The same transaction adds
 * what the batch's new events change to the targets' running totals ({@link TargetTotals}), so
 * {@code /targets} reads a few rows per target, not the events.
 */
@ProcessingGroup(SupervisionProjection.PROCESSING_GROUP)
public class SupervisionProjection {

    public static final String PROCESSING_GROUP = "supervision";

    /** Events listed per stage of a trace (a fund's grants and payments can run to millions). */
    public static final int MAX_STAGE_EVENTS = 100;

    /** Rows held before they are written, whatever the processor's batch size: bounds memory. */
    static final int MAX_PENDING = 1000;

    private final SupervisionStore store;
    private final PendingTotals pendingTotals;
    private final TargetCounter targets;
    private final TargetCatalog catalog;
    private final TraceDeadlines deadlines;
    private final UnitOfWorkBatch<IndexedEvent> batch;

    public SupervisionProjection(JdbcTemplate jdbc, TargetCatalog catalog, TraceDeadlines deadlines) {
        this.store = new SupervisionStore(jdbc);
        TargetTotals totals = new TargetTotals(store);
        this.pendingTotals = new PendingTotals(totals);
        this.batch = new UnitOfWorkBatch<>(MAX_PENDING, part -> pendingTotals.add(totals.changes(store.write(part))));
        this.targets = new TargetCounter(jdbc, totals);
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }


    // ---- events: every type is indexed ----

    @EventHandler
    public void on(FundOpened event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(FundAppropriated event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(FundAllocated event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(FundReclaimed event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(SubsidyGranted event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(SubsidyPaid event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(SubsidyReversed event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(VehicleScrapped event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(VehicleDeregistered event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(VehicleDismantled event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(ApplianceCollected event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(ApplianceHandedOver event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(ApplianceDismantled event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(ReverseInvoiceIssued event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(ReverseInvoiceVoided event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(EnterpriseRegistered event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(QualificationGranted event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(QualificationRevoked event, DomainEventMessage<?> message) {
        index(event, message);
    }

    @EventHandler
    public void on(EquipmentRenewed event, DomainEventMessage<?> message) {
        index(event, message);
    }

    /**
     * Computes the targets' running totals from the events already indexed, into an empty table: the
     * migration that adds the totals to an existing database (V681).
     */
    public static void fillTargetTotals(JdbcTemplate jdbc) {
        new TargetTotals(new SupervisionStore(jdbc)).fill();
    }

    /**
     * The indexes a rebuild on PostgreSQL drops and builds again once the replay has reached the head
     * (the ledger's node does, and counts the view current only then).
     */
    public static DeferredIndexes deferredIndexes() {
        return SupervisionStore.DEFERRED;
    }

    /** Clears exactly this projection's tables before a replay (and drops its {@link #deferredIndexes()}). */
    @ResetHandler
    public void reset() {
        store.reset();
    }

    // ---- queries ----

    /** The full-chain trace of one subject; empty when it has no event within the filter (the API answers 404). */
    @QueryHandler
    public Optional<TraceView> handle(FindTraceQuery query) {
        return new TraceAssembler(store, query.time(), deadlines).trace(query.kind(), query.ref());
    }

    /** Progress against the year's targets, in catalogue order. */
    @QueryHandler
    public List<TargetRow> handle(FindTargetsQuery query) {
        return targets.rows(catalog.forYear(query.year()), query.time());
    }

    // ---- writing ----

    private void index(LedgerFact fact, DomainEventMessage<?> message) {
        OptionalLong position = UnitOfWorkBatch.position(message);
        batch.add(FactIndex.index(fact, RecordedEvent.of(message),
                position.isPresent() ? position.getAsLong() : null));
        pendingTotals.open();
    }
}
