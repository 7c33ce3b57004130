package cn.huanxin.ledger.core.alert;

import cn.huanxin.ledger.core.common.StreamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Asks the stream {@code alert:{alertId}} to record an auditor's disposition. */
public record RecordAlertDispositionedCommand(@TargetAggregateIdentifier StreamId streamId, AlertDispositioned fact) {

    public RecordAlertDispositionedCommand {
        Objects.requireNonNull(fact, "fact");
        if (!fact.streamId().equals(streamId)) {
            throw new IllegalArgumentException("the fact belongs to " + fact.streamId() + ", not " + streamId);
        }
    }

    public RecordAlertDispositionedCommand(AlertDispositioned fact) {
        this(fact.streamId(), fact);
    }
}
