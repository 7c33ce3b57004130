package cn.huanxin.ledger.projections.support;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Rows written to PostgreSQL with {@code COPY … FROM STDIN} (text format) instead of {@code INSERT}s:
 * no statement to parse, plan or bind per row, which makes the views' batched writes of many narrow
 * rows markedly cheaper for the database and for the JVM. Used only where it writes exactly what an
 * {@code INSERT} would: on a PostgreSQL connection, and when every value is of a type whose text form
 * PostgreSQL reads back exactly — text (without NUL), whole numbers, decimals, dates of years 1 to
 * 9999, booleans and null. The rows are written in the caller's transaction; a row the table refuses
 * fails the whole {@code COPY}, which writes none of them.
 */
public final class PostgresCopy {

    /** Rows from which a batched insert goes as a {@code COPY}: below it, statements cost no more. */
    public static final int MIN_ROWS = 32;

    private PostgresCopy() {
    }

    /**
     * Writes the rows into {@code target} — the table and its column list, {@code t (a, b)} — in the
     * columns' order.
     *
     * @return false, having written nothing, when it cannot (another database, a value without an
     * exact text form)
     */
    public static boolean copy(JdbcTemplate jdbc, String target, List<Object[]> rows) {
        Boolean copied = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            if (!connection.isWrapperFor(PGConnection.class)) {
                return false;
            }
            Encoded encoded = encode(rows);
            if (encoded == null) {
                return false;
            }
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN",
                        new ByteArrayInputStream(encoded.bytes(), 0, encoded.length()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + target + " failed", e);
            }
            return true;
        });
        return Boolean.TRUE.equals(copied);
    }

    /** The first {@code length} bytes of {@code bytes}: rows in COPY's text format, in UTF-8. */
    public record Encoded(byte[] bytes, int length) {
    }

    /**
     * The rows in COPY's text format, encoded in UTF-8 as the connection's client encoding expects,
     * or null when a value has no exact text form there. Written straight into bytes: the values
     * pass once, with no intermediate string per value or for the whole.
     */
    public static Encoded encode(List<Object[]> rows) {
        Bytes out = new Bytes(Math.max(256, rows.size() * 96));
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.put('\t');
                }
                if (!append(out, row[i])) {
                    return null;
                }
            }
            out.put('\n');
        }
        return new Encoded(out.bytes, out.length);
    }

    /**
     * The rows' values column by column, as elements of text arrays that PostgreSQL casts back to the
     * values exactly ({@code ?::bigint[]}, {@code ?::date[]}, …), or null when a value has no exact
     * text form there: the same values as {@link #encode} takes (null for null), in their plain text
     * form, not escaped.
     */
    public static String[][] columns(List<Object[]> rows) {
        int width = rows.isEmpty() ? 0 : rows.get(0).length;
        String[][] columns = new String[width][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            if (row.length != width) {
                return null;
            }
            for (int c = 0; c < width; c++) {
                Object value = row[c];
                String text;
                if (value == null) {
                    text = null;
                } else if (value instanceof String string) {
                    if (!exact(string)) {
                        return null;
                    }
                    text = string;
                } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof BigInteger) {
                    text = value.toString();
                } else if (value instanceof BigDecimal decimal) {
                    text = decimal.toPlainString();
                } else if (value instanceof Boolean bool) {
                    text = bool ? "t" : "f";
                } else if (value instanceof LocalDate date && date.getYear() >= 1 && date.getYear() <= 9999) {
                    text = date.toString();
                } else {
                    return null;
                }
                columns[c][r] = text;
            }
        }
        return columns;
    }

    /** Whether PostgreSQL's text holds the string as it is: no NUL, no lone surrogate (see {@link #appendText}). */
    private static boolean exact(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static boolean append(Bytes out, Object value) {
        if (value == null) {
            out.put('\\');
            out.put('N');
        } else if (value instanceof String string) {
            return appendText(out, string);
        } else if (value instanceof Long number) {
            out.putLong(number);
        } else if (value instanceof Integer number) {
            out.putLong(number);
        } else if (value instanceof Short number) {
            out.putLong(number);
        } else if (value instanceof BigInteger number) {
            out.putAscii(number.toString());
        } else if (value instanceof BigDecimal decimal) {
            out.putAscii(decimal.toPlainString());
        } else if (value instanceof Boolean bool) {
            out.put(bool ? 't' : 'f');
        } else if (value instanceof LocalDate date && date.getYear() >= 1 && date.getYear() <= 9999) {
            out.putDigits(date.getYear(), 4);
            out.put('-');
            out.putDigits(date.getMonthValue(), 2);
            out.put('-');
            out.putDigits(date.getDayOfMonth(), 2);
        } else {
            return false;
        }
        return true;
    }

    /**
     * A text value, escaped for COPY (backslash, tab, line feed, carriage return) and encoded in
     * UTF-8, written into the array directly: room for three bytes a character (the most UTF-8 or
     * an escape needs) is made once. False for what has no exact form: NUL, which PostgreSQL's text
     * cannot hold, and a lone surrogate, which no encoding writes back as it was.
     */
    private static boolean appendText(Bytes out, String text) {
        int length = text.length();
        out.ensure(length * 3);
        byte[] b = out.bytes;
        int n = out.length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '\\') {
                b[n++] = (byte) c;
            } else if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        b[n++] = '\\';
                        b[n++] = '\\';
                    }
                    case '\t' -> {
                        b[n++] = '\\';
                        b[n++] = 't';
                    }
                    case '\n' -> {
                        b[n++] = '\\';
                        b[n++] = 'n';
                    }
                    case '\r' -> {
                        b[n++] = '\\';
                        b[n++] = 'r';
                    }
                    case '\0' -> {
                        return false;
                    }
                    default -> b[n++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == length || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                int code = Character.toCodePoint(c, text.charAt(++i));
                b[n++] = (byte) (0xF0 | (code >> 18));
                b[n++] = (byte) (0x80 | ((code >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((code >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (code & 0x3F));
            } else {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out.length = n;
        return true;
    }

    /** A growing byte array. */
    private static final class Bytes {
        private byte[] bytes;
        private int length;

        Bytes(int capacity) {
            bytes = new byte[capacity];
        }

        void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void put(int b) {
            if (length == bytes.length) {
                ensure(1);
            }
            bytes[length++] = (byte) b;
        }

        void putAscii(String ascii) {
            ensure(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                bytes[length++] = (byte) ascii.charAt(i);
            }
        }

        /** A whole number in decimal, with its sign; Long.MIN_VALUE included. */
        void putLong(long value) {
            if (value == Long.MIN_VALUE) {
                putAscii(Long.toString(value));
                return;
            }
            ensure(20);
            if (value < 0) {
                bytes[length++] = '-';
                value = -value;
            }
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) {
                digits++;
            }
            for (int at = length + digits - 1; at >= length; at--) {
                bytes[at] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
        }

        /** A non-negative number in exactly {@code width} digits, zeros in front. */
        void putDigits(int value, int width) {
            ensure(width);
            for (int at = length + width - 1; at >= length; at--) {
                bytes[at] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += width;
        }
    }
}
