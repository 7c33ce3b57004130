package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.investigation.EventTableReader.Decoded;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.AlertsView;
import cn.huanxin.ledger.projections.fraud.FindAlertsQuery;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.HeldWrites;
import cn.huanxin.ledger.projections.fraud.RuleLanes;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A second fraud view for one investigation, on scratch tables of its own: the fraud tables created
 * by the projection migrations, the rules built with the investigation's settings, and no listener
 * (its alerts are not the live ledger's, so they are not counted). The live view's tables are
 * never touched. A run holds on disk, not in memory, what the rules remember, and the scratch tables
 * are deleted when the view is closed. Where they live follows the ledger's database:
 * <ul>
 *   <li>on PostgreSQL, in a schema of their own ({@code investigation_<id>}) of the ledger's database,
 *       as unlogged tables (no write-ahead log: they are thrown away, after a crash too), on
 *       connections of the pool held for the run, one per rule thread ({@link RuleLanes}) — the same
 *       engine and collation as the live view, and PostgreSQL's indexes rather than an embedded
 *       database's;</li>
 *   <li>on the embedded H2 database, in an H2 file database in its own directory.</li>
 * </ul>
 * <p>
 * Events are fed a page at a time, each page in one transaction on the scratch database and as one
 * batch of the engine ({@link FraudView#process}): the rules read what they need for the page's keys
 * with a few queries, decide in memory, and write back with JDBC batches; the event-time clock is
 * read and written once per page.
 */
final class ScratchView implements AutoCloseable {

    /**
     * H2 options. The scratch file has one user and is thrown away, so it needs no lock file. The
     * rules run a few dozen distinct statements per page (IN lists of several lengths among them); H2
     * parses a statement again unless it is in the session's query cache (8 by default).
     */
    private static final String OPTIONS = ";FILE_LOCK=NO;CACHE_SIZE=32768;QUERY_CACHE_SIZE=512;DB_CLOSE_ON_EXIT=FALSE";

    /** The prefix of every scratch schema on PostgreSQL; the rest is the investigation id without dashes. */
    static final String SCHEMA_PREFIX = "investigation_";

    /**
     * On PostgreSQL, the scratch tables' statistics are gathered ({@code ANALYZE}) once this many
     * events have been fed, and again each time the count has grown by {@link #ANALYZE_GROWTH}.
     */
    static final long FIRST_ANALYZE_AT = 2_000;
    static final long ANALYZE_GROWTH = 4;
    /**
     * No statistics are gathered beyond this many events (the fifth threshold, 512,000, is not reached):
     * by then the look-ups are planned on the indexes, and PostgreSQL scales a table's row estimate by
     * its current size between analyses, so the plans stay; the fifth {@code ANALYZE} took 2 to 3 s of a
     * million-event run, sampling every table afresh.
     */
    static final long LAST_ANALYZE_AT = FIRST_ANALYZE_AT * ANALYZE_GROWTH * ANALYZE_GROWTH * ANALYZE_GROWTH;

    private final Path directory;
    private final String schema;
    private final DataSource pool;
    private final Connection connection;
    private final SingleConnectionDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FraudView view;
    /** The lanes' own connections beyond the view's (PostgreSQL); empty without lanes. */
    private final List<Connection> laneConnections;
    private final RuleLanes lanes;
    /** The rows the rules inserted and no statement has needed yet (PostgreSQL); null when none are held. */
    private final HeldWrites held;
    /** The scratch schema's tables (PostgreSQL); empty for the H2 file. */
    private final List<String> tables;
    private long fed;
    private long nextAnalyzeAt = FIRST_ANALYZE_AT;
    private int analyzed;

    private ScratchView(Path directory, String schema, List<String> tables, DataSource pool, Connection connection,
                        SingleConnectionDataSource dataSource, FraudView view) {
        this(directory, schema, tables, pool, connection, dataSource, new JdbcTemplate(dataSource), view, List.of(),
                null, null);
    }

    private ScratchView(Path directory, String schema, List<String> tables, DataSource pool, Connection connection,
                        SingleConnectionDataSource dataSource, JdbcTemplate jdbc, FraudView view,
                        List<Connection> laneConnections, RuleLanes lanes, HeldWrites held) {
        this.laneConnections = List.copyOf(laneConnections);
        this.lanes = lanes;
        this.held = held;
        this.directory = directory;
        this.schema = schema;
        this.tables = List.copyOf(tables);
        this.pool = pool;
        this.connection = connection;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.view = view;
    }

    /**
     * Creates the scratch database in a new directory {@code parent/id} and its tables; its alerts
     * keep evidence up to the given bound, as the live view's do. The engine decides up to
     * {@code pageSize} events as one batch: a page fed whole.
     */
    static ScratchView openFile(Path parent, String id, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                                int evidenceBound, long memoryBound, long rowsHeld, int pageSize) {
        Path directory = parent.resolve(id);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scratch directory " + directory, e);
        }
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("fraud") + OPTIONS;
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "sa", "", true);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/projection/common")
                    .load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute(RegionScope.DDL);
            return new ScratchView(directory, null, List.of(), null, null, dataSource,
                    new FraudView(jdbc, rules, policy, regions, AlertListener.NONE, pageSize,
                            evidenceBound, memoryBound, rowsHeld, new RuleLanes(List.of())));
        } catch (RuntimeException e) {
            dataSource.destroy();
            delete(directory);
            throw e;
        }
    }

    /**
     * Creates the scratch schema of investigation {@code id} in the ledger's PostgreSQL database and
     * its tables, unlogged, on a connection taken from {@code pool} for the life of the view; its alerts
     * keep evidence up to the given bound, as the live view's do. The rules decide each page on
     * {@code ruleThreads} threads ({@link RuleLanes}): the run's own, and one more for each further
     * thread, each with one more connection of the pool, held as long. The engine decides up to
     * {@code pageSize} events as one batch: a page fed whole. The rows the rules insert are held in
     * memory until a statement needs them ({@link HeldWrites}), up to {@code writesHeld} bytes of text
     * between pages (0: every row is written with its page).
     */
    static ScratchView openSchema(DataSource pool, String id, List<FraudRule> rules, PolicyTable policy,
                                  RegionTable regions, int evidenceBound, long memoryBound, long rowsHeld,
                                  long writesHeld, int ruleThreads, int pageSize) {
        String schema = schemaOf(id);
        Connection connection = DataSourceUtils.getConnection(pool);
        HeldWrites held = writesHeld == 0 ? null : new HeldWrites(HeldWrites.tablesOf(rules), writesHeld);
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                held == null ? connection : held.guard(connection), true);
        JdbcTemplate jdbc = held == null ? new JdbcTemplate(dataSource) : held.template(dataSource);
        List<Connection> laneConnections = new ArrayList<>();
        RuleLanes lanes = null;
        try {
            Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                    .locations("classpath:db/projection/common").load().migrate();
            jdbc.execute("SET search_path TO " + schema);
            jdbc.execute(RegionScope.DDL);
            List<String> tables = jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = ?",
                    String.class, schema);
            for (String table : tables) {
                jdbc.execute("ALTER TABLE " + schema + "." + table + " SET UNLOGGED");
            }
            List<RuleLanes.Lane> others = new ArrayList<>();
            for (int i = 1; i < ruleThreads; i++) {
                Connection lane = DataSourceUtils.getConnection(pool);
                laneConnections.add(lane);
                SingleConnectionDataSource laneSource = new SingleConnectionDataSource(
                        held == null ? lane : held.guard(lane), true);
                JdbcTemplate laneJdbc = held == null ? new JdbcTemplate(laneSource) : held.template(laneSource);
                laneJdbc.execute("SET search_path TO " + schema);
                others.add(new RuleLanes.Lane(laneJdbc,
                        new TransactionTemplate(new DataSourceTransactionManager(laneSource))));
            }
            lanes = new RuleLanes(others);
            FraudView view = new FraudView(jdbc, rules, policy, regions, AlertListener.NONE,
                    pageSize, evidenceBound, memoryBound, rowsHeld, lanes);
            // the scratch tables are never queried by those keys, only written: as in a rebuild, without them
            view.deferredIndexes().drop(jdbc);
            return new ScratchView(null, schema, tables, pool, connection, dataSource, jdbc, view, laneConnections,
                    lanes, held);
        } catch (RuntimeException e) {
            if (lanes != null) {
                lanes.close();
            }
            try {
                dropSchema(jdbc, schema);
            } finally {
                releaseLanes(laneConnections, pool);
                release(jdbc, connection, pool);
            }
            throw e;
        }
    }

    /** Gives the lanes' connections back to the pool as they were found. */
    private static void releaseLanes(List<Connection> connections, DataSource pool) {
        for (Connection lane : connections) {
            release(new JdbcTemplate(new SingleConnectionDataSource(lane, true)), lane, pool);
        }
    }

    /** The scratch schema of an investigation: a fixed prefix and the id's hexadecimal digits. */
    static String schemaOf(String id) {
        String digits = id.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        if (!digits.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not an investigation id: " + id);
        }
        return SCHEMA_PREFIX + digits;
    }

    /**
     * Drops the scratch schemas that a stopped ledger left behind on PostgreSQL: those whose
     * investigation {@code unfinished} does not name (a run of a live ledger, here or on another
     * node, keeps its schema).
     *
     * @return how many were dropped
     */
    static int dropLeftoverSchemas(JdbcTemplate main, java.util.function.Predicate<String> unfinished) {
        int dropped = 0;
        for (String schema : main.queryForList("SELECT schema_name FROM information_schema.schemata "
                + "WHERE schema_name LIKE '" + SCHEMA_PREFIX + "%'", String.class)) {
            String digits = schema.substring(SCHEMA_PREFIX.length());
            if (!digits.matches("[0-9a-f]{32}")) {
                continue;
            }
            String id = digits.substring(0, 8) + "-" + digits.substring(8, 12) + "-" + digits.substring(12, 16) + "-"
                    + digits.substring(16, 20) + "-" + digits.substring(20);
            if (!unfinished.test(id)) {
                dropSchema(main, schema);
                dropped++;
            }
        }
        return dropped;
    }

    private static void dropSchema(JdbcTemplate jdbc, String schema) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Gives the connection back to the pool as it was found. */
    private static void release(JdbcTemplate jdbc, Connection connection, DataSource pool) {
        try {
            jdbc.execute("RESET search_path");
        } finally {
            DataSourceUtils.releaseConnection(connection, pool);
        }
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * Feeds the events of one page that the filter lets through to the engine as one batch, in one
     * transaction: each rule reads its state for the whole page at once and writes it back with JDBC
     * batches, so no statement runs per event.
     *
     * @return how many were fed
     */
    int feed(List<Decoded> events, Predicate<Decoded> filter) {
        List<FraudEvent> batch = new ArrayList<>(events.size());
        for (Decoded event : events) {
            if (filter.test(event)) {
                batch.add(new FraudEvent(event.fact(), event.event()));
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        transactions.executeWithoutResult(status -> {
            view.process(batch);
            if (held != null) {
                held.giveUp(connection);
            }
        });
        fed += batch.size();
        analyzeIfGrown();
        return batch.size();
    }

    /**
     * Gathers the scratch tables' statistics when they have grown enough since the last time. The
     * tables are new, and autovacuum looks at a table at most once a minute: until it does,
     * PostgreSQL plans the rules' look-ups (a key list per page) on a table it believes tiny, with a
     * sequential scan, and every page then reads the whole table — a run's time grew with the square
     * of its events. With statistics the look-ups use the tables' indexes. The thresholds grow
     * geometrically, so a run of n events analyzes about log4(n / 2000) times, and at most four times
     * ({@link #LAST_ANALYZE_AT}).
     */
    private void analyzeIfGrown() {
        if (tables.isEmpty() || fed < nextAnalyzeAt) {
            return;
        }
        // on the connection itself: the statistics are of the rows written, and need not the rows held
        JdbcTemplate unguarded = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        for (String table : tables) {
            unguarded.execute("ANALYZE " + schema + "." + table);
        }
        analyzed++;
        nextAnalyzeAt = nextAnalyzeAfter(fed);
    }

    /**
     * The count of events fed at which statistics are next gathered, once they were at {@code fed}:
     * the next fourfold threshold, or never beyond {@link #LAST_ANALYZE_AT}.
     */
    static long nextAnalyzeAfter(long fed) {
        long next = FIRST_ANALYZE_AT;
        while (next <= fed) {
            next *= ANALYZE_GROWTH;
        }
        return next > LAST_ANALYZE_AT ? Long.MAX_VALUE : next;
    }

    /** Bytes of the rules' rows held now, and held and since written; for the tests. */
    long[] heldAndWritten() {
        return held == null ? new long[]{0, 0} : new long[]{held.held(), held.written()};
    }

    /** How many times the scratch tables' statistics were gathered (PostgreSQL); for the tests. */
    int analyzed() {
        return analyzed;
    }

    /** A page of the alerts raised, in the order they were raised. */
    AlertsView alerts(String afterKey, int limit) {
        return view.alerts(new FindAlertsQuery(null, null, null, null, afterKey, limit));
    }

    /** Deletes the scratch tables: the schema and its connection back to the pool, or the H2 file. */
    @Override
    public void close() {
        if (schema != null) {
            try {
                lanes.close();
                dropSchema(jdbc, schema);
            } finally {
                try {
                    releaseLanes(laneConnections, pool);
                } finally {
                    release(jdbc, connection, pool);
                }
            }
            return;
        }
        try {
            jdbc.execute("SHUTDOWN");
        } finally {
            dataSource.destroy();
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch directory " + directory, e);
        }
    }
}
