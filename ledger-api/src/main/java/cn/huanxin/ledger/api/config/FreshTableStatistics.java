package cn.huanxin.ledger.api.config;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Statistics for the ledger's tables that PostgreSQL has never analyzed (PostgreSQL only).
 *
 * <p>On a new database every table starts without statistics, and autovacuum looks at a table at
 * most once a minute. Until it has, PostgreSQL plans look-ups by a list of keys — the receipts of a
 * chunk, a view's subsidies or a fraud rule's keys for a batch — as scans of the whole table, so
 * each batch reads everything recorded before it: measured on a new database, sequential scans of
 * the views' and the ingestion's tables read more than 14 million rows during a 100,000-event load,
 * almost all before autovacuum's first pass a minute in (docs/performance.md). Every
 * {@code ledger.database.fresh-table-check} this component asks which tables of the ledger's schema
 * have at least {@value #MIN_ROWS} rows and no statistics yet, and analyzes them; from then on
 * autovacuum keeps them current. A table is analyzed at most once by this component per process;
 * with several nodes, two may analyze the same table once each, which is harmless.
 */
@Component
class FreshTableStatistics {

    private static final Logger log = LoggerFactory.getLogger(FreshTableStatistics.class);

    /** Rows from which a table without statistics is analyzed. */
    static final long MIN_ROWS = 1_000;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    /** Whether the database is PostgreSQL; {@code null} until a connection has told. */
    private volatile Boolean postgres;
    private final Duration every;
    private final Set<String> analyzed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService checker;

    FreshTableStatistics(DataSource dataSource,
                         @Value("${ledger.database.fresh-table-check:5s}") Duration every) {
        if (every.toMillis() < 100) {
            throw new IllegalArgumentException("ledger.database.fresh-table-check must be at least 100ms, not " + every);
        }
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.every = every;
        this.checker = DaemonTimers.single("fresh-table-statistics");
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        checker.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow();
    }

    private void check() {
        try {
            if (postgres == null) {
                postgres = isPostgres(dataSource);
            }
            if (!postgres) {
                // H2 plans with its own defaults and has no autovacuum to wait for.
                checker.shutdown();
                return;
            }
            analyzeFreshTables();
        } catch (RuntimeException e) {
            // The database may be away; the next check tries again.
            log.debug("Cannot check the tables' statistics: {}", e.toString());
        }
    }

    /**
     * Analyzes the tables of the ledger's schema that have at least {@link #MIN_ROWS} rows, no
     * statistics yet and were not analyzed by this component before.
     *
     * @return the tables analyzed
     */
    List<String> analyzeFreshTables() {
        List<String> done = new ArrayList<>();
        for (String table : jdbc.queryForList("SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                + "AND last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup >= ? ORDER BY relname",
                String.class, MIN_ROWS)) {
            if (analyzed.contains(table)) {
                continue;
            }
            jdbc.execute("ANALYZE " + quoted(table));
            analyzed.add(table);
            done.add(table);
        }
        if (!done.isEmpty()) {
            log.info("Gathered PostgreSQL's statistics of {} new table(s): {}", done.size(), String.join(", ", done));
        }
        return done;
    }

    /** A table name as a quoted identifier: the name comes from the catalog, quoted all the same. */
    static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the database product", e);
        }
    }
}
