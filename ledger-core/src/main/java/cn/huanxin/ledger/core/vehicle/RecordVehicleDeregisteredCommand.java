package cn.huanxin.ledger.core.vehicle;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link VehicleDeregistered} fact. */
public record RecordVehicleDeregisteredCommand(@TargetAggregateIdentifier StreamId streamId, VehicleDeregistered fact) {

    public RecordVehicleDeregisteredCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordVehicleDeregisteredCommand(VehicleDeregistered fact) {
        this(fact.streamId(), fact);
    }
}
