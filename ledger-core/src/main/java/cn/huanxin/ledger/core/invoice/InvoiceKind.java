package cn.huanxin.ledger.core.invoice;

/** Ordinary or special VAT invoice; a special one only from a general-VAT issuer. */
public enum InvoiceKind {
    ORDINARY, SPECIAL
}
