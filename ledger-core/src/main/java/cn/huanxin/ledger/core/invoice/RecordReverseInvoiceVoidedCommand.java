package cn.huanxin.ledger.core.invoice;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link ReverseInvoiceVoided} fact. */
public record RecordReverseInvoiceVoidedCommand(@TargetAggregateIdentifier StreamId streamId, ReverseInvoiceVoided fact) {

    public RecordReverseInvoiceVoidedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordReverseInvoiceVoidedCommand(ReverseInvoiceVoided fact) {
        this(fact.streamId(), fact);
    }
}
