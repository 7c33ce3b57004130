package cn.huanxin.ledger.core.enterprise;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** A qualification is revoked from {@code revokedOn}. */
@Revision("1")
public record QualificationRevoked(EnterpriseId enterpriseId, Qualification qualification, LocalDate revokedOn, String reason) implements LedgerFact {

    public QualificationRevoked {
        Objects.requireNonNull(enterpriseId, "enterpriseId");
        Objects.requireNonNull(qualification, "qualification");
        Objects.requireNonNull(revokedOn, "revokedOn");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.ENTERPRISE, enterpriseId);
    }
}
