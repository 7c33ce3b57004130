package cn.huanxin.ledger.core.fund;

import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/** Unused quota is taken back from a region (收回). */
@Revision("1")
public record FundReclaimed(FundId fundId, String reclaimId, RegionCode regionCode, Money amount, String documentNo)
        implements LedgerFact {

    public FundReclaimed {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(reclaimId, "reclaimId");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(documentNo, "documentNo");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.FUND, fundId);
    }
}
