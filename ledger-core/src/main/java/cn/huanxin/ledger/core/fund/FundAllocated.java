package cn.huanxin.ledger.core.fund;

import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/** Part of the fund is allocated as quota to a region (额度下达). */
@Revision("1")
public record FundAllocated(FundId fundId, String allocationId, RegionCode regionCode, Money amount, String documentNo)
        implements LedgerFact {

    public FundAllocated {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(allocationId, "allocationId");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(documentNo, "documentNo");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.FUND, fundId);
    }
}
