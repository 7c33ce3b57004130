package cn.huanxin.ledger.core.enterprise;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Objects;

/** An enterprise joins the programme: creates {@code enterprise:{enterpriseId}}. */
@Revision("1")
public record EnterpriseRegistered(EnterpriseId enterpriseId, String name, List<EnterpriseRole> roles, RegionCode regionCode) implements LedgerFact {

    public EnterpriseRegistered {
        Objects.requireNonNull(enterpriseId, "enterpriseId");
        Objects.requireNonNull(name, "name");
        roles = List.copyOf(roles);
        Objects.requireNonNull(regionCode, "regionCode");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.ENTERPRISE, enterpriseId);
    }
}
