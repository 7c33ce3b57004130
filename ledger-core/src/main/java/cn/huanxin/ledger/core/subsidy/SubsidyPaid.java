package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.SubsidyId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** A subsidy is paid (兑付) into an account known only by its pseudonym. */
@Revision("1")
public record SubsidyPaid(SubsidyId subsidyId, String paymentId, Money amount, LocalDate paidOn,
                          Pseudonym payeeAccountRef) implements LedgerFact {

    public SubsidyPaid {
        Objects.requireNonNull(subsidyId, "subsidyId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidOn, "paidOn");
        Objects.requireNonNull(payeeAccountRef, "payeeAccountRef");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.SUBSIDY, subsidyId);
    }
}
