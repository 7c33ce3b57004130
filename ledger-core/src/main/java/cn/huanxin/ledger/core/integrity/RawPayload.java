package cn.huanxin.ledger.core.integrity;

import java.util.Arrays;

/**
 * The canonical form of a stored payload written straight from its bytes, for the payloads the ledger
 * itself stores, without decoding them: a string without escapes is valid UTF-8 that the canonical
 * form writes as it is, and a plain integer is its own digits, so both are copied; only each object's
 * members are put in order. The first step of {@link CanonicalEncoder}'s payload.
 * <p>
 * It takes only what it can write exactly as {@link CanonicalEvent#encode} writes the tree: an object
 * at the top with nothing but JSON whitespace after it; objects whose member names are ASCII without
 * escapes and not repeated; arrays; strings without escapes or control characters in well-formed UTF-8
 * (no overlong forms, no surrogates, nothing above U+10FFFF); integers up to 2^53 - 1 without a minus
 * zero; decimals without an exponent that stay within the ledger's range ({@code CanonicalJson});
 * {@code true}, {@code false}, {@code null}; at most {@value #MAX_DEPTH} levels, names of at most
 * {@value #MAX_NAME} bytes, strings of at most {@value #MAX_STRING}. For anything else — an escape, an
 * exponent, a BOM, a number out of range, text that is not JSON — {@link #write} answers false and
 * the encoder parses the payload instead, so what is refused or written differently is decided there,
 * as before ({@code CanonicalEncoderProperties} compares both with the tree path, byte for byte).
 * <p>
 * An instance is not thread-safe: each encoder has its own.
 */
final class RawPayload {

    static final int MAX_DEPTH = 64;
    static final int MAX_NAME = 1_000;
    static final int MAX_STRING = 1_000_000;

    /** Digits of 2^53 - 1. */
    private static final int SAFE_DIGITS = 16;
    private static final long MAX_SAFE_INTEGER = CanonicalEvent.MAX_SAFE_INTEGER;

    private byte[] in;
    private int at;
    private byte[] out = new byte[1024];
    private int length;
    private byte[] scratch = new byte[512];

    /**
     * Writes the canonical form of {@code json}; then {@link #bytes()} holds it up to {@link #length()}.
     *
     * @return false when the payload is not of the shape taken here (nothing to use then)
     */
    boolean write(byte[] json) {
        in = json;
        at = 0;
        length = 0;
        try {
            skipWhitespace();
            if (at >= in.length || in[at] != '{' || !object(0)) {
                return false;
            }
            skipWhitespace();
            return at == in.length;
        } finally {
            in = null;
        }
    }

    byte[] bytes() {
        return out;
    }

    int length() {
        return length;
    }

    private boolean value(int depth) {
        if (at >= in.length) {
            return false;
        }
        byte b = in[at];
        switch (b) {
            case '{' -> {
                return object(depth + 1);
            }
            case '[' -> {
                return array(depth + 1);
            }
            case '"' -> {
                int end = stringEnd(at, MAX_STRING, false);
                if (end < 0) {
                    return false;
                }
                copy(at, end);
                at = end;
                return true;
            }
            case 't' -> {
                return literal("true");
            }
            case 'f' -> {
                return literal("false");
            }
            case 'n' -> {
                return literal("null");
            }
            default -> {
                return b == '-' || (b >= '0' && b <= '9') ? number() : false;
            }
        }
    }

    /** An object, its members written as they come and then put in order by name. */
    private boolean object(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        at++; // '{'
        int start = length;
        int[] names = new int[16]; // pairs: first byte of the name in the input (after the quote), its length
        int[] ends = new int[8];
        int count = 0;
        put((byte) '{');
        skipWhitespace();
        if (at < in.length && in[at] == '}') {
            at++;
            put((byte) '}');
            return true;
        }
        while (true) {
            if (at >= in.length || in[at] != '"') {
                return false;
            }
            int nameEnd = stringEnd(at, MAX_NAME, true);
            if (nameEnd < 0) {
                return false;
            }
            if (count == ends.length) {
                names = Arrays.copyOf(names, count * 4);
                ends = Arrays.copyOf(ends, count * 2);
            }
            names[2 * count] = at + 1;
            names[2 * count + 1] = nameEnd - at - 2;
            copy(at, nameEnd);
            put((byte) ':');
            at = nameEnd;
            skipWhitespace();
            if (at >= in.length || in[at] != ':') {
                return false;
            }
            at++;
            skipWhitespace();
            if (!value(depth)) {
                return false;
            }
            ends[count] = length;
            count++;
            skipWhitespace();
            if (at >= in.length) {
                return false;
            }
            if (in[at] == '}') {
                at++;
                break;
            }
            if (in[at] != ',') {
                return false;
            }
            at++;
            skipWhitespace();
            put((byte) ','); // a separator, dropped when the members are put in order
        }
        return order(start, names, ends, count);
    }

    /**
     * Rewrites the object written from {@code start} ({@code {m0,m1,…}}, each member {@code "name":value})
     * with its members in order by name; false for a repeated name. Names are ASCII, so the order of
     * their bytes is that of their UTF-16 code units, as the tree path sorts them.
     */
    private boolean order(int start, int[] names, int[] ends, int count) {
        int[] order = MemberOrder.byName(count, (a, b) -> Arrays.compare(
                in, names[2 * a], names[2 * a] + names[2 * a + 1], in, names[2 * b], names[2 * b] + names[2 * b + 1]));
        if (order == null) {
            return false;
        }
        int size = length - start;
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        System.arraycopy(out, start, scratch, 0, size);
        length = start + 1; // the brace stays
        for (int i = 0; i < count; i++) {
            int member = order[i];
            // member m spans from after the brace or the previous member's comma to ends[m]
            int from = member == 0 ? 1 : ends[member - 1] - start + 1;
            int to = ends[member] - start;
            if (i > 0) {
                out[length++] = ',';
            }
            System.arraycopy(scratch, from, out, length, to - from);
            length += to - from;
        }
        put((byte) '}');
        return true;
    }

    private boolean array(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        at++; // '['
        put((byte) '[');
        skipWhitespace();
        if (at < in.length && in[at] == ']') {
            at++;
            put((byte) ']');
            return true;
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            skipWhitespace();
            if (at >= in.length) {
                return false;
            }
            if (in[at] == ']') {
                at++;
                put((byte) ']');
                return true;
            }
            if (in[at] != ',') {
                return false;
            }
            at++;
            put((byte) ',');
            skipWhitespace();
        }
    }

    /**
     * The index after the closing quote of the string that opens at {@code from}, or -1 when it is
     * not taken here: an escape, a control character, UTF-8 that is not well formed, more than
     * {@code max} bytes, no closing quote — or, for a name, any byte beyond ASCII.
     */
    private int stringEnd(int from, int max, boolean asciiOnly) {
        int i = from + 1;
        int limit = Math.min(in.length, i + max + 1);
        while (i < limit) {
            i = PlainBytes.plainUntil(in, i, limit);
            if (i >= limit) {
                return -1;
            }
            int b = in[i] & 0xff;
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\' || b < 0x20) {
                return -1;
            }
            if (asciiOnly) {
                return -1;
            }
            int next = wellFormed(i, b);
            if (next < 0) {
                return -1;
            }
            i = next;
        }
        return -1;
    }

    /** The index after the UTF-8 sequence that starts with {@code lead} at {@code i}, or -1 if it is not well formed. */
    private int wellFormed(int i, int lead) {
        int count;
        int low = 0x80;
        int high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            count = 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            count = 2;
            if (lead == 0xe0) {
                low = 0xa0;
            } else if (lead == 0xed) {
                high = 0x9f;
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            count = 3;
            if (lead == 0xf0) {
                low = 0x90;
            } else if (lead == 0xf4) {
                high = 0x8f;
            }
        } else {
            return -1;
        }
        if (i + count >= in.length) {
            return -1;
        }
        int second = in[i + 1] & 0xff;
        if (second < low || second > high) {
            return -1;
        }
        for (int k = 2; k <= count; k++) {
            int continuation = in[i + k] & 0xff;
            if (continuation < 0x80 || continuation > 0xbf) {
                return -1;
            }
        }
        return i + count + 1;
    }

    /**
     * A number: an integer up to 2^53 - 1 is copied; a decimal without an exponent is written as the
     * tree path writes it (trailing zeros of the fraction dropped, a whole number as an integer, at
     * most 3 decimals and 15 digits); anything else is left to the parser.
     */
    private boolean number() {
        int start = at;
        boolean negative = in[at] == '-';
        int i = negative ? at + 1 : at;
        int intStart = i;
        while (i < in.length && in[i] >= '0' && in[i] <= '9') {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && in[intStart] == '0') || intDigits > SAFE_DIGITS) {
            return false;
        }
        int fractionStart = i;
        int fractionEnd = i;
        if (i < in.length && in[i] == '.') {
            fractionStart = ++i;
            while (i < in.length && in[i] >= '0' && in[i] <= '9') {
                i++;
            }
            fractionEnd = i;
            if (fractionEnd == fractionStart) {
                return false;
            }
        }
        if (i < in.length && (in[i] == 'e' || in[i] == 'E' || in[i] == '.')) {
            return false;
        }
        at = i;
        int kept = fractionEnd;
        while (kept > fractionStart && in[kept - 1] == '0') {
            kept--;
        }
        boolean zeroInteger = intDigits == 1 && in[intStart] == '0';
        if (kept == fractionStart) {
            // a whole number
            if (zeroInteger) {
                if (negative && fractionEnd == fractionStart) {
                    return false; // "-0": the parser reads an integer zero
                }
                put((byte) '0');
                return true;
            }
            if (intDigits == SAFE_DIGITS && parse(intStart, intStart + intDigits) > MAX_SAFE_INTEGER) {
                return false;
            }
            copy(start, intStart + intDigits);
            return true;
        }
        int scale = kept - fractionStart;
        int significant = zeroInteger ? significantFraction(fractionStart, kept) : intDigits + scale;
        if (scale > 3 || significant > 15) {
            return false;
        }
        copy(start, kept);
        return true;
    }

    /** Digits of the fraction from its first that is not zero. */
    private int significantFraction(int from, int to) {
        int i = from;
        while (i < to && in[i] == '0') {
            i++;
        }
        return to - i;
    }

    private long parse(int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (in[i] - '0');
        }
        return value;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (at + n > in.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[at + i] != word.charAt(i)) {
                return false;
            }
        }
        if (at + n < in.length && isWordByte(in[at + n])) {
            return false;
        }
        copy(at, at + n);
        at += n;
        return true;
    }

    /** A byte that would continue a literal: the parser reads {@code truex} as one bad token. */
    private static boolean isWordByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    private void skipWhitespace() {
        while (at < in.length) {
            byte b = in[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }

    private void copy(int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(in, from, out, length, n);
        length += n;
    }

    private void put(byte b) {
        ensure(1);
        out[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(length + more, out.length * 2));
        }
    }
}
