package cn.huanxin.ledger.core.fund;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link FundAppropriated} fact. */
public record RecordFundAppropriatedCommand(@TargetAggregateIdentifier StreamId streamId, FundAppropriated fact) {

    public RecordFundAppropriatedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordFundAppropriatedCommand(FundAppropriated fact) {
        this(fact.streamId(), fact);
    }
}
