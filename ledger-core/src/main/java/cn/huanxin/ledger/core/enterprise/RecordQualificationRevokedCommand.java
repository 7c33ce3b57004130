package cn.huanxin.ledger.core.enterprise;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code streamId} to record a {@link QualificationRevoked} fact. */
public record RecordQualificationRevokedCommand(@TargetAggregateIdentifier StreamId streamId, QualificationRevoked fact) {

    public RecordQualificationRevokedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordQualificationRevokedCommand(QualificationRevoked fact) {
        this(fact.streamId(), fact);
    }
}
