package cn.huanxin.ledger.core.vehicle;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.Vin;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** A vehicle is scrapped and a scrap certificate (报废机动车回收证明) issued: creates {@code vehicle:{vin}}; a second certificate for one VIN is recorded too, as evidence. */
@Revision("1")
public record VehicleScrapped(Vin vin, String certificateNo, EnterpriseId recyclerId, NaturalPerson owner, VehicleClass vehicleClass, Fuel fuel,
                              EmissionStandard emissionStandard, LocalDate registeredOn, LocalDate ownedSince,
                              LocalDate scrappedOn, RegionCode regionCode) implements LedgerFact {

    public VehicleScrapped {
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(certificateNo, "certificateNo");
        Objects.requireNonNull(recyclerId, "recyclerId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(vehicleClass, "vehicleClass");
        Objects.requireNonNull(fuel, "fuel");
        Objects.requireNonNull(emissionStandard, "emissionStandard");
        Objects.requireNonNull(registeredOn, "registeredOn");
        Objects.requireNonNull(ownedSince, "ownedSince");
        Objects.requireNonNull(scrappedOn, "scrappedOn");
        Objects.requireNonNull(regionCode, "regionCode");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.VEHICLE, vin);
    }
}
