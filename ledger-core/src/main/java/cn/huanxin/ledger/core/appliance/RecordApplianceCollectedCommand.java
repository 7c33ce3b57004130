package cn.huanxin.ledger.core.appliance;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link ApplianceCollected} fact. */
public record RecordApplianceCollectedCommand(@TargetAggregateIdentifier StreamId streamId, ApplianceCollected fact) {

    public RecordApplianceCollectedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordApplianceCollectedCommand(ApplianceCollected fact) {
        this(fact.streamId(), fact);
    }
}
