package cn.huanxin.ledger.core.alert;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The dispositions of one alert. An alert may be reconsidered (dismissed, then confirmed on new
 * evidence); every decision is recorded and the latest one is the alert's status.
 */
@AggregateRoot(type = "alert")
class AlertAggregate {

    @AggregateIdentifier
    private StreamId streamId;

    /** Sequence number of the last event applied; -1 before the first. */
    private long lastSequence = -1;

    AlertAggregate() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(RecordAlertDispositionedCommand command) {
        apply(command.fact());
        return lastSequence;
    }

    @EventSourcingHandler
    void on(AlertDispositioned event) {
        streamId = event.streamId();
        lastSequence++;
    }
}
