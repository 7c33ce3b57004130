package cn.huanxin.ledger.core.common;

/**
 * The contract's rule for identifiers without a checksum ({@code subsidyId}, {@code fundId},
 * {@code returnId}, {@code invoiceNo}, …): 1–64 characters of {@code [A-Za-z0-9._:-]}. The narrow
 * alphabet keeps ids safe in stream ids, URLs, CSV files and log lines.
 */
public final class OtherId {

    private OtherId() {
    }

    public static boolean isValid(String value) {
        return AsciiForms.idChars(value, 1, 64);
    }

    public static String require(String value, String what) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(what + " must be 1-64 of [A-Za-z0-9._:-]");
        }
        return value;
    }
}
