package cn.huanxin.ledger.core.enterprise;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link QualificationGranted} fact. */
public record RecordQualificationGrantedCommand(@TargetAggregateIdentifier StreamId streamId, QualificationGranted fact) {

    public RecordQualificationGrantedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordQualificationGrantedCommand(QualificationGranted fact) {
        this(fact.streamId(), fact);
    }
}
