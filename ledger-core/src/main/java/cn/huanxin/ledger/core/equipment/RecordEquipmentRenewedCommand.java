package cn.huanxin.ledger.core.equipment;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link EquipmentRenewed} fact. */
public record RecordEquipmentRenewedCommand(@TargetAggregateIdentifier StreamId streamId, EquipmentRenewed fact) {

    public RecordEquipmentRenewedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordEquipmentRenewedCommand(EquipmentRenewed fact) {
        this(fact.streamId(), fact);
    }
}
