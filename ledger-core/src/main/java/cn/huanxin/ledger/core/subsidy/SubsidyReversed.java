package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.SubsidyId;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/** A subsidy is reversed, wholly or in part; the amount returns to the region's quota. */
@Revision("1")
public record SubsidyReversed(SubsidyId subsidyId, String reversalId, Money amount, ReversalReason reason,
                              String note) implements LedgerFact {

    public SubsidyReversed {
        Objects.requireNonNull(subsidyId, "subsidyId");
        Objects.requireNonNull(reversalId, "reversalId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.SUBSIDY, subsidyId);
    }
}
