package cn.huanxin.ledger.core.appliance;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** A collected appliance is handed over to another enterprise. */
@Revision("1")
public record ApplianceHandedOver(ReturnId returnId, EnterpriseId toEnterpriseId, LocalDate handedOverOn) implements LedgerFact {

    public ApplianceHandedOver {
        Objects.requireNonNull(returnId, "returnId");
        Objects.requireNonNull(toEnterpriseId, "toEnterpriseId");
        Objects.requireNonNull(handedOverOn, "handedOverOn");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.APPLIANCE, returnId);
    }
}
