package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

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

    /** Rows per multi-row {@code INSERT}: a statement of 200 rows stays well below every parameter limit. */
    private static final int ROWS_PER_INSERT = 200;

    /**
     * Runs one statement for every row of arguments, in order, in as few round trips as it can: an
     * {@code INSERT … VALUES (?,…)} becomes multi-row {@code INSERT}s, which a database executes far
     * faster than as many single-row statements; anything else goes as one JDBC batch.
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
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder statement = new StringBuilder(head.length() + part.size() * (tuple.length() + 1));
            statement.append(head);
            List<Object> args = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                statement.append(i == 0 ? "" : ",").append(tuple);
                args.addAll(java.util.Arrays.asList(part.get(i)));
            }
            jdbc.update(statement.toString(), args.toArray());
        }
    }

    /**
     * Runs {@code sqlBeforeIn + "(?,…,?)" + sqlAfterIn} for the keys, a chunk at a time, and hands
     * every row to {@code row}. Nothing is run when there are no keys.
     */
    public static <K> void select(JdbcTemplate jdbc, String sqlBeforeIn, String sqlAfterIn, Collection<K> keys,
                                  Function<K, Object> parameter, RowCallbackHandler row) {
        if (keys.isEmpty()) {
            return;
        }
        List<K> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<K> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String sql = sqlBeforeIn + "(" + "?,".repeat(chunk.size() - 1) + "?)" + sqlAfterIn;
            jdbc.query(sql, row, chunk.stream().map(parameter).toArray());
        }
    }

    /** {@link #select} with parameters that come before the {@code IN} list, the same for every chunk. */
    public static void select(JdbcTemplate jdbc, List<Object> leading, String sqlBeforeIn, String sqlAfterIn,
                              Collection<?> keys, RowCallbackHandler row) {
        if (keys.isEmpty()) {
            return;
        }
        List<?> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<?> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            List<Object> args = new ArrayList<>(leading);
            args.addAll(chunk);
            jdbc.query(sqlBeforeIn + "(" + "?,".repeat(chunk.size() - 1) + "?)" + sqlAfterIn, row, args.toArray());
        }
    }

    /** {@link #select} for keys that are the parameters themselves. */
    public static void select(JdbcTemplate jdbc, String sqlBeforeIn, String sqlAfterIn, Collection<?> keys,
                              RowCallbackHandler row) {
        select(jdbc, sqlBeforeIn, sqlAfterIn, keys, k -> k, row);
    }
}
