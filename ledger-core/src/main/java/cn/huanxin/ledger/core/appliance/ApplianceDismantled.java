package cn.huanxin.ledger.core.appliance;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** A collected appliance is dismantled. */
@Revision("1")
public record ApplianceDismantled(ReturnId returnId, EnterpriseId dismantlerId, LocalDate dismantledOn) implements LedgerFact {

    public ApplianceDismantled {
        Objects.requireNonNull(returnId, "returnId");
        Objects.requireNonNull(dismantlerId, "dismantlerId");
        Objects.requireNonNull(dismantledOn, "dismantledOn");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.APPLIANCE, returnId);
    }
}
