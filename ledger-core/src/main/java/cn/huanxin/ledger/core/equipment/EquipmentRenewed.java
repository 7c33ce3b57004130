package cn.huanxin.ledger.core.equipment;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.RenewalId;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/** Equipment is renewed (设备更新): creates {@code equipment:{renewalId}}. {@code quantity} counts in {@code unit}; {@code investment} is the money spent. */
@Revision("1")
public record EquipmentRenewed(RenewalId renewalId, EnterpriseId enterpriseId, RenewalDomain domain, EquipmentCategory equipmentCategory,
                               long quantity, MeasureUnit unit, Money investment, RegionCode regionCode,
                               OldEquipment oldEquipment) implements LedgerFact {

    public EquipmentRenewed {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(enterpriseId, "enterpriseId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(equipmentCategory, "equipmentCategory");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(investment, "investment");
        Objects.requireNonNull(regionCode, "regionCode");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.EQUIPMENT, renewalId);
    }
}
