package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.investigation.EventTableReader.Decoded;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.AlertsView;
import cn.huanxin.ledger.projections.fraud.FindAlertsQuery;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A second fraud view for one investigation, on its own H2 file database: the fraud tables created
 * by the projection migrations, the rules built with the investigation's settings, and no listener
 * (its alerts are not the live ledger's, so they are not counted). The live view's tables are
 * never touched. The database lives in its own directory and is deleted when the view is closed,
 * so a run holds on disk, not in memory, what the rules remember.
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

    private final Path directory;
    private final SingleConnectionDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FraudView view;

    private ScratchView(Path directory, SingleConnectionDataSource dataSource, FraudView view) {
        this.directory = directory;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.view = view;
    }

    /**
     * Creates the scratch database in a new directory {@code parent/id} and its tables; its alerts
     * keep evidence up to the given bound, as the live view's do.
     */
    static ScratchView open(Path parent, String id, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                            int evidenceBound) {
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
            return new ScratchView(directory, dataSource,
                    new FraudView(jdbc, rules, policy, regions, AlertListener.NONE, FraudView.DEFAULT_MAX_BATCH,
                            evidenceBound));
        } catch (RuntimeException e) {
            dataSource.destroy();
            delete(directory);
            throw e;
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
        transactions.executeWithoutResult(status -> view.process(batch));
        return batch.size();
    }

    /** A page of the alerts raised, in the order they were raised. */
    AlertsView alerts(String afterKey, int limit) {
        return view.alerts(new FindAlertsQuery(null, null, null, null, afterKey, limit));
    }

    /** Closes the database and deletes its directory. */
    @Override
    public void close() {
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
