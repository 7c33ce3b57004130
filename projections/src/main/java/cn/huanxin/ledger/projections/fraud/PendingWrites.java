package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.support.PostgresCopy;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

import java.sql.PreparedStatement;
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
    static final int ROWS_PER_COPY = PostgresCopy.MIN_ROWS;

    /** A row of parameters and nothing else: {@code (?, ?, …)}; only such rows go by {@code COPY}. */
    static final Pattern PARAMETERS_ONLY = Pattern.compile("\\(\\s*\\?(\\s*,\\s*\\?)*\\s*\\)");

    /**
     * Runs one statement for every row of arguments, in order, in as few round trips as it can: an
     * {@code INSERT … VALUES (?,…)} becomes multi-row {@code INSERT}s, which a database executes far
     * faster than as many single-row statements — or, on PostgreSQL and from {@value #ROWS_PER_COPY}
     * rows, one {@code COPY … FROM STDIN}, faster still (no statement to parse, plan or bind per row);
     * anything else goes as one JDBC batch. Either way the rows are written in the caller's
     * transaction, in order, and a row the table refuses fails the whole call. Through a
     * {@link HeldWrites.Template}, the inserts into the tables it holds are held instead, and written
     * before any statement names their table.
     */
    public static void batch(JdbcTemplate jdbc, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int values = sql.lastIndexOf(" VALUES (");
        boolean insert = sql.startsWith("INSERT INTO ") && values >= 0 && sql.endsWith(")");
        String tuple = insert ? sql.substring(values + " VALUES ".length()) : null;
        if (insert && jdbc instanceof HeldWrites.Template held && PARAMETERS_ONLY.matcher(tuple).matches()
                && held.held().hold(sql.substring("INSERT INTO ".length(), values), rows)) {
            return;
        }
        if (rows.size() == 1) {
            jdbc.update(sql, rows.get(0));
            return;
        }
        if (!insert) {
            jdbc.batchUpdate(sql, rows);
            return;
        }
        String head = sql.substring(0, values + " VALUES ".length());
        if (rows.size() >= ROWS_PER_COPY && PARAMETERS_ONLY.matcher(tuple).matches()
                && PostgresCopy.copy(jdbc, sql.substring("INSERT INTO ".length(), values), rows)) {
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
     * Runs {@code sql}, an {@code UPDATE} of one row by its key ({@code … WHERE k = ? AND …}), for every
     * row of arguments, in order. On PostgreSQL and from {@value #ROWS_PER_COPY} rows it runs
     * {@code postgresSql} instead: the same update as one statement that takes each column of the rows
     * as one text array, cast to the column's type and unnested beside the others ({@code UPDATE t SET
     * a = v.a FROM unnest(?::bigint[], ?::varchar[]) AS v(a, k) WHERE t.k = v.k}), so the database
     * updates every row in one pass instead of binding and executing a statement per row — which a
     * JDBC batch of updates costs it. Every row of arguments must name exactly one row of the table,
     * whose key it does not change, and no two the same row: the call fails when the rows updated are
     * not as many as the rows of arguments.
     */
    public static void update(JdbcTemplate jdbc, String sql, String postgresSql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Integer updated = rows.size() < ROWS_PER_COPY ? null : jdbc.execute((ConnectionCallback<Integer>) connection -> {
            String[][] columns = PostgresCopy.columns(rows);
            if (columns == null || !connection.isWrapperFor(PGConnection.class)) {
                return null;
            }
            try (PreparedStatement statement = connection.prepareStatement(postgresSql)) {
                for (int c = 0; c < columns.length; c++) {
                    statement.setArray(c + 1, connection.createArrayOf("text", columns[c]));
                }
                return statement.executeUpdate();
            }
        });
        if (updated == null) {
            int[] counts = jdbc.batchUpdate(sql, rows);
            updated = 0;
            for (int count : counts) {
                updated += count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : count;
            }
        }
        if (updated != rows.size()) {
            throw new IllegalStateException(rows.size() + " rows were to be updated by " + sql + ", but "
                    + updated + " were");
        }
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
