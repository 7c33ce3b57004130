package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link SubsidyGranted} fact. */
public record RecordSubsidyGrantedCommand(@TargetAggregateIdentifier StreamId streamId, SubsidyGranted fact) {

    public RecordSubsidyGrantedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordSubsidyGrantedCommand(SubsidyGranted fact) {
        this(fact.streamId(), fact);
    }
}
