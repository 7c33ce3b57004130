package cn.huanxin.ledger.projections.support;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Indexes of a view that a rebuild on PostgreSQL drops with the view's rows and builds again, each
 * in one pass over the table, once the replay has reached the head of the store. Keeping a B-tree
 * up to date row by row while a million rows arrive in random key order costs PostgreSQL two to
 * four times what sorting the finished table once does (docs/performance.md).
 * <p>
 * Only indexes the view's own writing never reads may be deferred: the view answers every query
 * without them, only slower, while it is being rebuilt anyway. Whether an index is missing is read
 * from the database (an index that is absent, or left invalid by a build that was cut off), so a
 * node that dies during a rebuild leaves nothing behind that another node, or the same one
 * restarted, does not finish. Each index comes back with the definition of the view's migration,
 * which a test compares.
 * <p>
 * The build is {@code CREATE INDEX CONCURRENTLY}: the view goes on writing the live events while it
 * runs, however large the table (hours at a national year's size), instead of waiting for it.
 * <p>
 * H2, the embedded default, keeps its indexes: its DDL would commit the rebuild's transaction.
 */
public final class DeferredIndexes {

    /**
     * One index of a table: its name and columns, and whether it is the table's primary key (a
     * primary key only guards what the view's writing already guarantees, a row per what it is
     * written from).
     */
    public record Index(String name, String table, String columns, boolean primaryKey) {

        public Index {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(columns, "columns");
        }

        /** Drops it, in the caller's transaction. */
        String drop() {
            return primaryKey ? "ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + name
                    : "DROP INDEX IF EXISTS " + name;
        }

        /** Builds it while the table is written: outside any transaction. */
        List<String> createConcurrently() {
            String create = "CREATE " + (primaryKey ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + name + " ON " + table
                    + " (" + columns + ")";
            return primaryKey
                    ? List.of(create, "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " PRIMARY KEY USING INDEX " + name)
                    : List.of(create);
        }
    }

    /** Which of the named indexes exist, whether valid, whether a primary key. */
    private static final String STATE = "SELECT c.relname, i.indisvalid, i.indisprimary FROM pg_class c"
            + " JOIN pg_index i ON i.indexrelid = c.oid"
            + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?)";

    private final String view;
    private final List<Index> indexes;

    public DeferredIndexes(String view, List<Index> indexes) {
        this.view = Objects.requireNonNull(view, "view");
        this.indexes = List.copyOf(indexes);
    }

    /** A secondary index: {@code CREATE INDEX name ON table (columns)}. */
    public static Index index(String name, String table, String columns) {
        return new Index(name, table, columns, false);
    }

    /** The table's primary key, {@code CONSTRAINT name PRIMARY KEY (columns)}. */
    public static Index primaryKey(String name, String table, String columns) {
        return new Index(name, table, columns, true);
    }

    /** The view (processor) whose indexes these are. */
    public String view() {
        return view;
    }

    public List<Index> indexes() {
        return indexes;
    }

    /** Drops the indexes in the caller's transaction (the reset's): on PostgreSQL only. */
    public void drop(JdbcTemplate jdbc) {
        if (Databases.isPostgres(jdbc)) {
            indexes.forEach(index -> jdbc.execute(index.drop()));
        }
    }

    /**
     * The names of the indexes that do not exist now as the migration made them (absent, left invalid
     * by a build that was cut off, or a key's index not yet the key), in their order; none on H2.
     */
    public List<String> missing(JdbcTemplate jdbc) {
        if (indexes.isEmpty() || !Databases.isPostgres(jdbc)) {
            return List.of();
        }
        return jdbc.execute((ConnectionCallback<List<String>>) this::missing);
    }

    private List<String> missing(Connection connection) throws SQLException {
        Set<String> complete = new TreeSet<>();
        Map<String, Index> byName = new HashMap<>();
        indexes.forEach(index -> byName.put(index.name(), index));
        try (PreparedStatement state = connection.prepareStatement(STATE)) {
            state.setArray(1, connection.createArrayOf("text", byName.keySet().toArray()));
            try (ResultSet rs = state.executeQuery()) {
                while (rs.next()) {
                    Index index = byName.get(rs.getString(1));
                    if (rs.getBoolean(2) && rs.getBoolean(3) == index.primaryKey()) {
                        complete.add(index.name());
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        indexes.forEach(index -> {
            if (!complete.contains(index.name())) {
                missing.add(index.name());
            }
        });
        return missing;
    }

    /**
     * Creates the missing indexes, one after the other, on a connection of its own outside any
     * transaction, unless another node is creating them now (the view's advisory lock, held for the
     * session, so it goes with a node that dies); answers the names created. An invalid index left
     * by a build that was cut off is dropped first. If a build fails, the indexes before it stay
     * built and the failure is thrown; the next call goes on from there.
     */
    public List<String> build(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                if (!lock(statement, "pg_try_advisory_lock")) {
                    return List.of();
                }
                try {
                    List<String> missing = missing(connection);
                    for (Index index : indexes) {
                        if (missing.contains(index.name())) {
                            statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.name());
                            for (String sql : index.createConcurrently()) {
                                statement.execute(sql);
                            }
                        }
                    }
                    return missing;
                } finally {
                    lock(statement, "pg_advisory_unlock");
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private boolean lock(Statement statement, String function) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT " + function + "(" + lockKey() + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The advisory lock a build holds for its session: one build of the view at a time. */
    public long lockKey() {
        return ("deferred-indexes:" + view).hashCode();
    }
}
