package cn.huanxin.ledger.core.access;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One sensitive read. Each read is its own stream, created once: reads never contend for one
 * aggregate, and a stream that exists already (an access id used twice) is refused by the event
 * store's unique (stream, sequence) key rather than silently extended.
 */
@AggregateRoot(type = "access")
class SensitiveReadAggregate {

    @AggregateIdentifier
    private StreamId streamId;

    SensitiveReadAggregate() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    long handle(RecordSensitiveReadCommand command) {
        apply(command.fact());
        return 0;
    }

    @EventSourcingHandler
    void on(SensitiveReadRecorded event) {
        streamId = event.streamId();
    }
}
