package cn.huanxin.ledger.core.appliance;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.SubsidyId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** An old appliance is collected (交旧): creates {@code appliance:{returnId}}. */
@Revision("1")
public record ApplianceCollected(ReturnId returnId, ProductCategory category, String brand, String model, String serialNo,
                                  NaturalPerson owner, EnterpriseId collectorId, LocalDate collectedOn,
                                  RegionCode regionCode, SubsidyId subsidyId) implements LedgerFact {

    public ApplianceCollected {
        Objects.requireNonNull(returnId, "returnId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(collectorId, "collectorId");
        Objects.requireNonNull(collectedOn, "collectedOn");
        Objects.requireNonNull(regionCode, "regionCode");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.APPLIANCE, returnId);
    }
}
