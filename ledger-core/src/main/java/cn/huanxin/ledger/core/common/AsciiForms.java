package cn.huanxin.ledger.core.common;

/**
 * The ledger's short ASCII forms, checked a character at a time. They are checked whenever a value
 * is made, and values are made for every stored event that a view, a rebuild or an investigation
 * reads: a regular expression's matcher cost a rebuild of the supervision view 6 % of its CPU.
 * {@code AsciiFormsProperties} holds each check to the regular expression it replaces.
 */
public final class AsciiForms {

    private AsciiForms() {
    }

    /** {@code [A-Za-z0-9._:-]{min,max}}: the contract's identifiers without a checksum. */
    public static boolean idChars(String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [0-9a-f]{length}}: lower-case hexadecimal of an exact length. */
    public static boolean lowerHex(String value, int length) {
        if (value == null || value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [0-9]{length}}: ASCII digits of an exact length. */
    public static boolean digits(String value, int length) {
        return value != null && value.length() == length && digitsIn(value, 0, length);
    }

    /** {@code [0-9]{4}-[0-9]{2}-[0-9]{2}}: the shape of a date, not whether the day exists. */
    public static boolean dateShape(String value) {
        return value != null && value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-'
                && digitsIn(value, 0, 4) && digitsIn(value, 5, 7) && digitsIn(value, 8, 10);
    }

    /**
     * {@code -?[0-9]{1,maxDigits}(\.[0-9]{1,maxDigits})?}: a plain decimal with at most {@code maxDigits}
     * digits on either side of its point.
     */
    public static boolean plainDecimal(String value, int maxDigits) {
        if (value == null) {
            return false;
        }
        int start = !value.isEmpty() && value.charAt(0) == '-' ? 1 : 0;
        int point = value.indexOf('.', start);
        int whole = (point < 0 ? value.length() : point) - start;
        if (whole < 1 || whole > maxDigits || !digitsIn(value, start, start + whole)) {
            return false;
        }
        if (point < 0) {
            return true;
        }
        int fraction = value.length() - point - 1;
        return fraction >= 1 && fraction <= maxDigits && digitsIn(value, point + 1, value.length());
    }

    private static boolean digitsIn(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
