package cn.huanxin.ledger.core.access;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the new stream {@code access:{accessId}} to record one sensitive read. */
public record RecordSensitiveReadCommand(@TargetAggregateIdentifier StreamId streamId, SensitiveReadRecorded fact) {

    public RecordSensitiveReadCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordSensitiveReadCommand(SensitiveReadRecorded fact) {
        this(fact.streamId(), fact);
    }
}
