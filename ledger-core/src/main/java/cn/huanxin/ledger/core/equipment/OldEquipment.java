package cn.huanxin.ledger.core.equipment;

import cn.huanxin.ledger.core.common.EnterpriseId;

import java.util.Objects;

/** What became of the equipment that was replaced, and who took it. */
public record OldEquipment(Disposal disposal, EnterpriseId recyclerId) {

    public OldEquipment {
        Objects.requireNonNull(disposal, "disposal");
    }
}
