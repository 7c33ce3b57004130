package cn.huanxin.ledger.core.invoice;

import cn.huanxin.ledger.core.common.InvoiceNo;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.Objects;

/** A reverse invoice is voided; it can be voided once. */
@Revision("1")
public record ReverseInvoiceVoided(InvoiceNo invoiceNo, LocalDate voidedOn, String reason) implements LedgerFact {

    public ReverseInvoiceVoided {
        Objects.requireNonNull(invoiceNo, "invoiceNo");
        Objects.requireNonNull(voidedOn, "voidedOn");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.REVERSE_INVOICE, invoiceNo);
    }
}
