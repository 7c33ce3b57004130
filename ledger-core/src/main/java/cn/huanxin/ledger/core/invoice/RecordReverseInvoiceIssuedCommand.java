package cn.huanxin.ledger.core.invoice;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link ReverseInvoiceIssued} fact. */
public record RecordReverseInvoiceIssuedCommand(@TargetAggregateIdentifier StreamId streamId, ReverseInvoiceIssued fact) {

    public RecordReverseInvoiceIssuedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordReverseInvoiceIssuedCommand(ReverseInvoiceIssued fact) {
        this(fact.streamId(), fact);
    }
}
