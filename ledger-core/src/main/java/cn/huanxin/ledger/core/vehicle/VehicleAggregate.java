package cn.huanxin.ledger.core.vehicle;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One vehicle by VIN: scrapped (possibly more than once), deregistered, dismantled.
 * <p>
 * The aggregate decides only what would corrupt the ledger (docs/api.md, 422); every business-rule
 * breach is recorded and left to the fraud rules. Each handler returns the sequence number of the
 * event it recorded, which becomes part of the receipt.
 */
@AggregateRoot(type = "vehicle")
class VehicleAggregate {

    @AggregateIdentifier
    private StreamId streamId;

    /** Sequence number of the last event applied; -1 before the first. */
    private long lastSequence = -1;

    VehicleAggregate() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    /**
     * Creates the stream, or records a further scrap certificate for the same VIN: a second
     * certificate is evidence for the fraud rules (R05), not an error.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(RecordVehicleScrappedCommand command) {
        apply(command.fact());
        return lastSequence;
    }

    @CommandHandler
    long handle(RecordVehicleDeregisteredCommand command) {
        apply(command.fact());
        return lastSequence;
    }

    @CommandHandler
    long handle(RecordVehicleDismantledCommand command) {
        apply(command.fact());
        return lastSequence;
    }

    @EventSourcingHandler
    void on(VehicleScrapped event) {
        streamId = event.streamId();
        lastSequence++;
    }

    /** Every other event of the stream changes nothing the aggregate decides on but its sequence. */
    @EventSourcingHandler
    void on(LedgerFact event) {
        lastSequence++;
    }
}
