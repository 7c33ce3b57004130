package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link SubsidyReversed} fact. */
public record RecordSubsidyReversedCommand(@TargetAggregateIdentifier StreamId streamId, SubsidyReversed fact) {

    public RecordSubsidyReversedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordSubsidyReversedCommand(SubsidyReversed fact) {
        this(fact.streamId(), fact);
    }
}
