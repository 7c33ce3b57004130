package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The identifier of one reverse invoice (反向开票); 1–64 of {@code [A-Za-z0-9._:-]}. */
public record InvoiceNo(String value) {

    public InvoiceNo {
        OtherId.require(value, "invoiceNo");
    }

    @JsonCreator
    public static InvoiceNo of(String value) {
        return new InvoiceNo(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
