package cn.huanxin.ledger.projections.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * from the database ({@code pg_indexes}), so a node that dies during a rebuild leaves nothing
 * behind that another node, or the same one restarted, does not finish. Each index is created with
 * exactly the statement of the view's migration, which a test compares.
 * <p>
 * H2, the embedded default, keeps its indexes: its DDL would commit the rebuild's transaction.
 */
public final class DeferredIndexes {

    /** One index: its name, and the statements that create and drop it. */
    public record Index(String name, String create, String drop) {

        public Index {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(create, "create");
            Objects.requireNonNull(drop, "drop");
        }
    }

    private final String view;
    private final List<Index> indexes;

    public DeferredIndexes(String view, List<Index> indexes) {
        this.view = Objects.requireNonNull(view, "view");
        this.indexes = List.copyOf(indexes);
    }

    /** A secondary index: {@code CREATE INDEX name ON table (columns)}. */
    public static Index index(String name, String table, String columns) {
        return new Index(name, "CREATE INDEX " + name + " ON " + table + " (" + columns + ")",
                "DROP INDEX IF EXISTS " + name);
    }

    /**
     * A primary key that only guards what the view's writing already guarantees (a row per what it
     * is written from): its index is built like the others.
     */
    public static Index primaryKey(String name, String table, String columns) {
        return new Index(name, "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " PRIMARY KEY (" + columns + ")",
                "ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + name);
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

    /** The names of the indexes that do not exist now, in their order; none on H2. */
    public List<String> missing(JdbcTemplate jdbc) {
        if (indexes.isEmpty() || !Databases.isPostgres(jdbc)) {
            return List.of();
        }
        Set<String> present = new TreeSet<>(jdbc.queryForList("SELECT indexname FROM pg_indexes"
                + " WHERE schemaname = current_schema() AND indexname IN ("
                + String.join(", ", Collections.nCopies(indexes.size(), "?")) + ")", String.class,
                indexes.stream().map(Index::name).toArray()));
        List<String> missing = new ArrayList<>();
        indexes.forEach(index -> {
            if (!present.contains(index.name())) {
                missing.add(index.name());
            }
        });
        return missing;
    }

    /**
     * Creates the missing indexes, in the caller's transaction, unless another node is creating them
     * now; answers the names created. Writers of the tables wait for the transaction (PostgreSQL's
     * {@code CREATE INDEX} takes a lock that lets readers through), which lasts seconds for a
     * million rows.
     */
    public List<String> build(JdbcTemplate jdbc) {
        Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, lockKey());
        if (!Boolean.TRUE.equals(locked)) {
            return List.of();
        }
        List<String> missing = missing(jdbc);
        indexes.stream().filter(index -> missing.contains(index.name())).forEach(index -> jdbc.execute(index.create()));
        return missing;
    }

    /** The advisory lock a build holds in its transaction: one build of the view at a time. */
    public long lockKey() {
        return ("deferred-indexes:" + view).hashCode();
    }
}
