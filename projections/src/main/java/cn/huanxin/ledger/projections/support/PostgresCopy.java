package cn.huanxin.ledger.projections.support;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.LocalDate;
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
            String text = text(rows);
            if (text == null) {
                return false;
            }
            try {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + target + " FROM STDIN", new StringReader(text));
            } catch (IOException e) {
                throw new SQLException("COPY into " + target + " failed", e);
            }
            return true;
        });
        return Boolean.TRUE.equals(copied);
    }

    /** The rows in COPY's text format, or null when a value has no exact text form there. */
    public static String text(List<Object[]> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                if (!append(text, row[i])) {
                    return null;
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static boolean append(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof String string) {
            for (int i = 0; i < string.length(); i++) {
                char c = string.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\0' -> {
                        return false;
                    }
                    default -> text.append(c);
                }
            }
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof BigInteger) {
            text.append(value);
        } else if (value instanceof BigDecimal decimal) {
            text.append(decimal.toPlainString());
        } else if (value instanceof Boolean bool) {
            text.append(bool ? 't' : 'f');
        } else if (value instanceof LocalDate date && date.getYear() >= 1 && date.getYear() <= 9999) {
            text.append(date);
        } else {
            return false;
        }
        return true;
    }
}
