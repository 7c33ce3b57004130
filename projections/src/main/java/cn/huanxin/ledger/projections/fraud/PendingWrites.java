package cn.huanxin.ledger.projections.fraud;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The statements one rule would have run event by event, kept in order and run when the batch is
 * flushed: consecutive statements with the same SQL go to the database as one JDBC batch. Because
 * the order is kept, the tables end exactly as the per-event writes would have left them.
 * <p>
 * Also holds the helper that reads a table for many keys at once ({@link #select}), in chunks so
 * that no statement carries more than {@link #CHUNK} parameters per key column.
 */
public final class PendingWrites {

    /** Keys per {@code IN} list: well below every driver's parameter limit, large enough to matter. */
    public static final int CHUNK = 500;

    private record Statement(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;
    private final List<Statement> statements = new ArrayList<>();

    public PendingWrites(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Queues one statement. */
    public void add(String sql, Object... args) {
        statements.add(new Statement(sql, args));
    }

    public boolean isEmpty() {
        return statements.isEmpty();
    }

    /** Runs the queued statements in order, consecutive ones with the same SQL as one batch. */
    public void flush() {
        int i = 0;
        while (i < statements.size()) {
            String sql = statements.get(i).sql();
            List<Object[]> run = new ArrayList<>();
            while (i < statements.size() && statements.get(i).sql().equals(sql)) {
                run.add(statements.get(i).args());
                i++;
            }
            batch(jdbc, sql, run);
        }
        statements.clear();
    }

    /** Rows per multi-row {@code INSERT} at most: well below every parameter limit. */
    private static final int ROWS_PER_INSERT = 128;

    /** Rows from which an {@code INSERT} goes to PostgreSQL as a {@code COPY} instead. */
    static final int ROWS_PER_COPY = 32;

    /** A row of parameters and nothing else: {@code (?, ?, …)}. */
    private static final Pattern PARAMETERS_ONLY = Pattern.compile("\\(\\s*\\?(\\s*,\\s*\\?)*\\s*\\)");

    /**
     * Runs one statement for every row of arguments, in order, in as few round trips as it can: an
     * {@code INSERT … VALUES (?,…)} becomes multi-row {@code INSERT}s, which a database executes far
     * faster than as many single-row statements — or, on PostgreSQL and from {@value #ROWS_PER_COPY}
     * rows, one {@code COPY … FROM STDIN}, faster still (no statement to parse, plan or bind per row);
     * anything else goes as one JDBC batch. Either way the rows are written in the caller's
     * transaction, in order, and a row the table refuses fails the whole call.
     */
    public static void batch(JdbcTemplate jdbc, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (rows.size() == 1) {
            jdbc.update(sql, rows.get(0));
            return;
        }
        int values = sql.lastIndexOf(" VALUES (");
        if (!sql.startsWith("INSERT INTO ") || values < 0 || !sql.endsWith(")")) {
            jdbc.batchUpdate(sql, rows);
            return;
        }
        String head = sql.substring(0, values + " VALUES ".length());
        String tuple = sql.substring(values + " VALUES ".length());
        if (rows.size() >= ROWS_PER_COPY && PARAMETERS_ONLY.matcher(tuple).matches()
                && copy(jdbc, sql.substring("INSERT INTO ".length(), values), rows)) {
            return;
        }
        // Statements of a few fixed sizes only (128, 64, …, 1 rows), so each is parsed and planned once.
        int from = 0;
        while (from < rows.size()) {
            int size = Integer.highestOneBit(Math.min(ROWS_PER_INSERT, rows.size() - from));
            List<Object[]> part = rows.subList(from, from + size);
            if (size == 1) {
                jdbc.update(sql, part.get(0));
            } else {
                StringBuilder statement = new StringBuilder(head.length() + size * (tuple.length() + 1));
                statement.append(head);
                List<Object> args = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    statement.append(i == 0 ? "" : ",").append(tuple);
                    args.addAll(java.util.Arrays.asList(part.get(i)));
                }
                jdbc.update(statement.toString(), args.toArray());
            }
            from += size;
        }
    }

    /**
     * Writes the rows with {@code COPY target FROM STDIN} (text format) when the connection is
     * PostgreSQL's and every value is of a type whose text form PostgreSQL reads back exactly: text,
     * whole numbers, decimals, dates of years 1 to 9999, booleans and null.
     *
     * @param target the table and its column list, {@code fraud_x (a, b)}
     * @return false, having written nothing, when it cannot (another database, another type)
     */
    private static boolean copy(JdbcTemplate jdbc, String target, List<Object[]> rows) {
        Boolean copied = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            if (!connection.isWrapperFor(PGConnection.class)) {
                return false;
            }
            String text = copyText(rows);
            if (text == null) {
                return false;
            }
            try {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + target + " FROM STDIN", new StringReader(text));
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("COPY into " + target + " failed", e);
            }
            return true;
        });
        return Boolean.TRUE.equals(copied);
    }

    /** The rows in COPY's text format, or null when a value has no exact text form there. */
    static String copyText(List<Object[]> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                if (!appendCopyValue(text, row[i])) {
                    return null;
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static boolean appendCopyValue(StringBuilder text, Object value) {
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

    /**
     * Runs {@code sqlBeforeIn + "(?,…,?)" + sqlAfterIn} for the keys, a chunk at a time, and hands
     * every row to {@code row}. Nothing is run when there are no keys.
     */
    public static <K> void select(JdbcTemplate jdbc, String sqlBeforeIn, String sqlAfterIn, Collection<K> keys,
                                  Function<K, Object> parameter, RowCallbackHandler row) {
        select(jdbc, List.of(), sqlBeforeIn, sqlAfterIn, keys.stream().map(parameter).toList(), row);
    }

    /**
     * {@link #select} with parameters that come before the {@code IN} list, the same for every chunk.
     * Text keys go as one array parameter ({@code = ANY(?)}), so the statement's text is the same
     * whatever the number of keys and the database parses and plans it once; other keys go as an
     * {@code IN} list.
     */
    public static void select(JdbcTemplate jdbc, List<Object> leading, String sqlBeforeIn, String sqlAfterIn,
                              Collection<?> keys, RowCallbackHandler row) {
        if (keys.isEmpty()) {
            return;
        }
        List<?> all = new ArrayList<>(keys);
        boolean texts = sqlBeforeIn.endsWith(" IN ") && all.stream().allMatch(String.class::isInstance);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<?> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            if (texts) {
                String sql = sqlBeforeIn.substring(0, sqlBeforeIn.length() - " IN ".length()) + " = ANY(?)" + sqlAfterIn;
                jdbc.query(sql, statement -> {
                    int index = 1;
                    for (Object argument : leading) {
                        StatementCreatorUtils.setParameterValue(statement, index++, SqlTypeValue.TYPE_UNKNOWN, argument);
                    }
                    statement.setArray(index, statement.getConnection().createArrayOf("VARCHAR", chunk.toArray()));
                }, row);
            } else {
                List<Object> args = new ArrayList<>(leading);
                args.addAll(chunk);
                jdbc.query(sqlBeforeIn + "(" + "?,".repeat(chunk.size() - 1) + "?)" + sqlAfterIn, row, args.toArray());
            }
        }
    }

    /** {@link #select} for keys that are the parameters themselves. */
    public static void select(JdbcTemplate jdbc, String sqlBeforeIn, String sqlAfterIn, Collection<?> keys,
                              RowCallbackHandler row) {
        select(jdbc, sqlBeforeIn, sqlAfterIn, keys, k -> k, row);
    }
}
