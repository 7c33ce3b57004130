package cn.huanxin.ledger.core.vehicle;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.Vin;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** The scrapped vehicle is dismantled (拆解). */
@Revision("1")
public record VehicleDismantled(Vin vin, EnterpriseId dismantlerId, LocalDate dismantledOn) implements LedgerFact {

    public VehicleDismantled {
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(dismantlerId, "dismantlerId");
        Objects.requireNonNull(dismantledOn, "dismantledOn");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.VEHICLE, vin);
    }
}
