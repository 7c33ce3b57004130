package cn.huanxin.ledger.core.alert;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/**
 * An auditor's decision about an alert, recorded on stream {@code alert:{alertId}}: the decision
 * is itself a fact of the ledger, so it survives any rebuild of the fraud view and is part of the
 * evidence. {@code auditor} is the client that decided.
 */
@Revision("1")
public record AlertDispositioned(String alertId, Disposition disposition, String reason, String auditor)
        implements LedgerFact {

    public AlertDispositioned {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(auditor, "auditor");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.ALERT, alertId);
    }
}
