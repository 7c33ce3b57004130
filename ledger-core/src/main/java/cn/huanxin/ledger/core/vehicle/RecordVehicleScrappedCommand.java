package cn.huanxin.ledger.core.vehicle;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link VehicleScrapped} fact. */
public record RecordVehicleScrappedCommand(@TargetAggregateIdentifier StreamId streamId, VehicleScrapped fact) {

    public RecordVehicleScrappedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordVehicleScrappedCommand(VehicleScrapped fact) {
        this(fact.streamId(), fact);
    }
}
