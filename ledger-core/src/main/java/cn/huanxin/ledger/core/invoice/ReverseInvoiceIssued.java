package cn.huanxin.ledger.core.invoice;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.InvoiceNo;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** A recycler issues a reverse invoice (反向开票) for what it bought from a natural person: creates {@code reverse-invoice:{invoiceNo}}. */
@Revision("1")
public record ReverseInvoiceIssued(InvoiceNo invoiceNo, EnterpriseId issuerId, NaturalPerson seller, LocalDate issuedOn,
                                   InvoiceKind invoiceKind, List<InvoiceLine> lines, Money amountExclVat, Money vat,
                                   Money incomeTaxWithheld) implements LedgerFact {

    public ReverseInvoiceIssued {
        Objects.requireNonNull(invoiceNo, "invoiceNo");
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(seller, "seller");
        Objects.requireNonNull(issuedOn, "issuedOn");
        Objects.requireNonNull(invoiceKind, "invoiceKind");
        lines = List.copyOf(lines);
        Objects.requireNonNull(amountExclVat, "amountExclVat");
        Objects.requireNonNull(vat, "vat");
        Objects.requireNonNull(incomeTaxWithheld, "incomeTaxWithheld");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.REVERSE_INVOICE, invoiceNo);
    }
}
