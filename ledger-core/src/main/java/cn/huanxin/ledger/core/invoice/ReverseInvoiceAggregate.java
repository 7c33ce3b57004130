package cn.huanxin.ledger.core.invoice;

import cn.huanxin.ledger.core.common.AlreadyVoidedException;
import cn.huanxin.ledger.core.common.StreamExistsException;
import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One reverse invoice: issued once, voided at most once.
 * <p>
 * The aggregate decides only what would corrupt the ledger (docs/api.md, 422); every business-rule
 * breach is recorded and left to the fraud rules. Each handler returns the sequence number of the
 * event it recorded, which becomes part of the receipt.
 */
@AggregateRoot(type = "reverse-invoice")
class ReverseInvoiceAggregate {

    @AggregateIdentifier
    private StreamId streamId;

    /** Sequence number of the last event applied; -1 before the first. */
    private long lastSequence = -1;

    private boolean voided;

    ReverseInvoiceAggregate() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    /** Creates the stream; refuses when it exists already. Returns the sequence number recorded. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(RecordReverseInvoiceIssuedCommand command) throws StreamExistsException {
        if (streamId != null) {
            throw new StreamExistsException(command.streamId());
        }
        apply(command.fact());
        return lastSequence;
    }

    /** Voids the invoice; refuses a second void, which would contradict the first. */
    @CommandHandler
    long handle(RecordReverseInvoiceVoidedCommand command) throws AlreadyVoidedException {
        if (voided) {
            throw new AlreadyVoidedException(streamId);
        }
        apply(command.fact());
        return lastSequence;
    }

    @EventSourcingHandler
    void on(ReverseInvoiceIssued event) {
        streamId = event.streamId();
        lastSequence++;
    }

    @EventSourcingHandler
    void on(ReverseInvoiceVoided event) {
        voided = true;
        lastSequence++;
    }

}
