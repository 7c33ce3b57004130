package cn.huanxin.ledger.core.fund;

import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/** Money is appropriated to the fund (the pool grows), e.g. a batch of bonds is received. */
@Revision("1")
public record FundAppropriated(FundId fundId, String appropriationId, Money amount, String documentNo)
        implements LedgerFact {

    public FundAppropriated {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(appropriationId, "appropriationId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(documentNo, "documentNo");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.FUND, fundId);
    }
}
