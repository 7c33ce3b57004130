package cn.huanxin.ledger.core.appliance;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link ApplianceDismantled} fact. */
public record RecordApplianceDismantledCommand(@TargetAggregateIdentifier StreamId streamId, ApplianceDismantled fact) {

    public RecordApplianceDismantledCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordApplianceDismantledCommand(ApplianceDismantled fact) {
        this(fact.streamId(), fact);
    }
}
