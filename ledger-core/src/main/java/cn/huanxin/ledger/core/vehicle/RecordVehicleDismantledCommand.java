package cn.huanxin.ledger.core.vehicle;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link VehicleDismantled} fact. */
public record RecordVehicleDismantledCommand(@TargetAggregateIdentifier StreamId streamId, VehicleDismantled fact) {

    public RecordVehicleDismantledCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordVehicleDismantledCommand(VehicleDismantled fact) {
        this(fact.streamId(), fact);
    }
}
