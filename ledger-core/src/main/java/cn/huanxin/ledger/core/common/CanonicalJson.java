package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON Canonicalization Scheme (RFC 8785) for the values the ledger stores: object keys sorted
 * by UTF-16 code units, no insignificant white space, strings escaped as ECMAScript's
 * {@code JSON.stringify} does, UTF-8 output.
 * <p>
 * Numbers: JCS renders a number as ECMAScript renders the IEEE double. Stored payloads hold only
 * integers of magnitude below 2^53 and decimals with at most three fraction digits and fifteen
 * significant digits (weights); for those the ECMAScript rendering is the plain decimal without
 * trailing zeros, which is what this class writes. Any other number is refused rather than
 * rendered in a way an independent verifier might not reproduce.
 */
public final class CanonicalJson {

    private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf(9_007_199_254_740_991L);

    private CanonicalJson() {
    }

    public static byte[] canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends the JCS rendering of {@code node} to {@code out}, as {@link #canonicalize} renders it. */
    public static void append(JsonNode node, StringBuilder out) {
        write(node, out);
    }

    /** Appends a JSON string literal in JCS form (RFC 8785 section 3.2.2.2). */
    public static void appendString(String value, StringBuilder out) {
        writeString(value, out);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                names.sort(null);
                out.append('{');
                boolean first = true;
                for (String name : names) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(name, out);
                    out.append(':');
                    write(node.get(name), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                Iterator<JsonNode> elements = node.elements();
                boolean first = true;
                while (elements.hasNext()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(elements.next(), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("cannot canonicalize a " + node.getNodeType());
        }
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        if (node.isInt() || node.isLong()) {
            // The common case, without BigDecimal: an integer is written as itself.
            long value = node.longValue();
            if (Math.abs(value) > MAX_SAFE_INTEGER.longValue()) {
                throw new IllegalArgumentException("integer beyond 2^53 cannot be canonicalized exactly");
            }
            out.append(value);
            return;
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (value.signum() == 0) {
            out.append('0');
            return;
        }
        if (value.scale() <= 0) {
            // 2^53 - 1 has 16 digits: more before the point is beyond it, and is refused before the
            // integer is made (1e749957122 fits neither a long nor a BigInteger; the digit count is
            // taken in a long, as a scale near Integer.MIN_VALUE overflows an int)
            long integer = (long) value.precision() - value.scale() > 16 ? Long.MAX_VALUE : value.longValueExact();
            if (Math.abs(integer) > MAX_SAFE_INTEGER.longValue()) {
                throw new IllegalArgumentException("integer beyond 2^53 cannot be canonicalized exactly");
            }
            out.append(integer);
            return;
        }
        if (value.scale() > 3 || value.precision() > 15) {
            throw new IllegalArgumentException("decimal outside the ledger's canonical number range");
        }
        out.append(value.toPlainString());
    }

    private static void writeString(String value, StringBuilder out) {
        if (!needsEscape(value)) {
            out.append('"').append(value).append('"');
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
