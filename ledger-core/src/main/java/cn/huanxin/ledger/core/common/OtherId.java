package cn.huanxin.ledger.core.common;

import java.util.regex.Pattern;

/**
 * The contract's rule for identifiers without a checksum ({@code subsidyId}, {@code fundId},
 * {@code returnId}, {@code invoiceNo}, …): 1–64 characters of {@code [A-Za-z0-9._:-]}. The narrow
 * alphabet keeps ids safe in stream ids, URLs, CSV files and log lines.
 */
public final class OtherId {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private OtherId() {
    }

    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    public static String require(String value, String what) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(what + " must be 1-64 of [A-Za-z0-9._:-]");
        }
        return value;
    }
}
