package cn.huanxin.ledger.core.vehicle;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.Vin;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** The scrapped vehicle's registration is cancelled (机动车注销). */
@Revision("1")
public record VehicleDeregistered(Vin vin, String deregistrationNo, LocalDate deregisteredOn) implements LedgerFact {

    public VehicleDeregistered {
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(deregistrationNo, "deregistrationNo");
        Objects.requireNonNull(deregisteredOn, "deregisteredOn");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.VEHICLE, vin);
    }
}
