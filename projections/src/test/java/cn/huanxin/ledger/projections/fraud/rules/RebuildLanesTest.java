package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.DefaultPolicy;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudRules;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.InterruptedRebuildException;
import cn.huanxin.ledger.projections.fraud.RebuildLanes;
import cn.huanxin.ledger.projections.fraud.RuleLanes;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live view's rebuild on two connections ({@link RebuildLanes}), on a real PostgreSQL: units of work
 * of a replay, each in a transaction as a processor's is, decided on the processor's connection and a
 * second lane with a transaction of its own, against the same units of work on one thread; and a
 * rebuild interrupted after the second lane had committed, which the next unit of work must refuse.
 */
class RebuildLanesTest {

    private static EmbeddedPostgres postgres;
    private SingleConnectionDataSource main;
    private SingleConnectionDataSource second;
    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;
    private List<FraudRule> rules;
    private List<String> tables;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void connect() throws SQLException {
        DataSource database = ProjectionDatabases.migrated(postgres).getDataSource();
        main = new SingleConnectionDataSource(database.getConnection(), true);
        second = new SingleConnectionDataSource(database.getConnection(), true);
        jdbc = new JdbcTemplate(main);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(main));
        rules = FraudRules.all(BatchEngineEquivalenceTest.SETTINGS);
        tables = new ArrayList<>(List.of("fraud_alert", "fraud_alert_evidence", "fraud_clock",
                "fraud_pending_disposition"));
        rules.forEach(rule -> tables.addAll(rule.tables()));
    }

    @AfterEach
    void disconnect() {
        main.destroy();
        second.destroy();
    }

    @Test
    @Timeout(300)
    void aRebuildOnTwoLanesEndsInTheSameTablesAsOnOneThread() {
        for (long seed = 300; seed <= 305; seed++) {
            Random random = new Random(seed);
            List<FraudEvent> events = new BatchEngineEquivalenceTest.Generator(random).events(400);
            int maxBatch = 1 + random.nextInt(120);
            List<List<FraudEvent>> units = RuleLanesEquivalenceTest.pages(events, random);

            FraudView alone = view(maxBatch, RebuildLanes.NONE);
            transaction.executeWithoutResult(status -> alone.reset());
            units.forEach(unit -> feed(alone, unit, true, status -> { }));
            Map<String, List<String>> expected = BatchEngineEquivalenceTest.tables(jdbc, tables);
            assertThat(expected.get("fraud_alert")).as("seed %d raises alerts", seed).isNotEmpty();

            RuleLanesEquivalenceTest.Counted secondLane = secondLane();
            AtomicInteger interruptions = new AtomicInteger();
            try (RuleLanes lanes = new RuleLanes(List.of(new RuleLanes.Lane(new JdbcTemplate(second), secondLane)))) {
                FraudView laned = view(maxBatch, new RebuildLanes(lanes, interruptions::incrementAndGet));
                transaction.executeWithoutResult(status -> laned.reset());
                units.forEach(unit -> feed(laned, unit, true, status -> { }));
            }
            assertThat(secondLane.transactions.get()).as("seed %d: batches the second lane took part in", seed)
                    .isGreaterThan(0);
            assertThat(marks()).as("seed %d: lane marks left after committed units of work", seed).isZero();
            assertThat(interruptions.get()).isZero();
            Map<String, List<String>> actual = BatchEngineEquivalenceTest.tables(jdbc, tables);
            for (String table : tables) {
                assertThat(actual.get(table)).as("seed %d, table %s", seed, table).isEqualTo(expected.get(table));
            }
        }
    }

    /** Outside a replay, a view with rebuild lanes decides on the processor's thread and connection only. */
    @Test
    void unitsOfWorkOutsideAReplayStayOnTheProcessorsThread() {
        List<FraudEvent> events = new BatchEngineEquivalenceTest.Generator(new Random(310)).events(200);
        RuleLanesEquivalenceTest.Counted secondLane = secondLane();
        try (RuleLanes lanes = new RuleLanes(List.of(new RuleLanes.Lane(new JdbcTemplate(second), secondLane)))) {
            FraudView view = view(50, new RebuildLanes(lanes, () -> { }));
            transaction.executeWithoutResult(status -> view.reset());
            RuleLanesEquivalenceTest.pages(events, new Random(311))
                    .forEach(unit -> feed(view, unit, false, status -> { }));
        }
        assertThat(secondLane.transactions.get()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r01_grant", Integer.class)).isPositive();
    }

    /**
     * The processor's transaction rolls back after the second lane committed its share of a unit of
     * work (as when the ledger stops between the two commits): the lane's mark stays, and the next unit
     * of work, replaying or not, is refused before it writes anything, and says so; a reset (the rebuild
     * from the start) clears the mark, and the view goes on.
     */
    @Test
    void aRebuildInterruptedBetweenTheLanesCommitsIsRefusedUntilTheViewIsReset() {
        List<FraudEvent> events = new BatchEngineEquivalenceTest.Generator(new Random(320)).events(300);
        List<FraudEvent> first = events.subList(0, 150);
        List<FraudEvent> rest = events.subList(150, events.size());
        RuleLanesEquivalenceTest.Counted secondLane = secondLane();
        AtomicInteger interruptions = new AtomicInteger();
        try (RuleLanes lanes = new RuleLanes(List.of(new RuleLanes.Lane(new JdbcTemplate(second), secondLane)))) {
            FraudView view = view(FraudView.DEFAULT_MAX_BATCH, new RebuildLanes(lanes, interruptions::incrementAndGet));
            transaction.executeWithoutResult(status -> view.reset());
            feed(view, first, true, TransactionStatus::setRollbackOnly);
            assertThat(secondLane.transactions.get()).isEqualTo(1);
            assertThat(marks()).as("the second lane's mark, its commit not followed by the processor's").isEqualTo(1);
            Map<String, List<String>> interrupted = BatchEngineEquivalenceTest.tables(jdbc, tables);

            for (boolean replaying : new boolean[] {true, false}) {
                assertThatThrownBy(() -> feed(view, rest, replaying, status -> { }))
                        .isInstanceOf(InterruptedRebuildException.class).hasMessageContaining("rebuilt from the start");
            }
            assertThat(interruptions.get()).isEqualTo(2);
            assertThat(BatchEngineEquivalenceTest.tables(jdbc, tables)).as("nothing written once refused")
                    .isEqualTo(interrupted);

            transaction.executeWithoutResult(status -> view.reset());
            assertThat(marks()).isZero();
            feed(view, first, true, status -> { });
            feed(view, rest, true, status -> { });
            assertThat(marks()).isZero();
            assertThat(interruptions.get()).isEqualTo(2);
        }
        Map<String, List<String>> rebuilt = BatchEngineEquivalenceTest.tables(jdbc, tables);
        FraudView alone = view(FraudView.DEFAULT_MAX_BATCH, RebuildLanes.NONE);
        transaction.executeWithoutResult(status -> alone.reset());
        feed(alone, first, true, status -> { });
        feed(alone, rest, true, status -> { });
        assertThat(rebuilt).isEqualTo(BatchEngineEquivalenceTest.tables(jdbc, tables));
    }

    /** The second lane's transactions, on its own connection, counted. */
    private RuleLanesEquivalenceTest.Counted secondLane() {
        return new RuleLanesEquivalenceTest.Counted(new TransactionTemplate(new DataSourceTransactionManager(second)));
    }

    private FraudView view(int maxBatch, RebuildLanes lanes) {
        return new FraudView(jdbc, rules, DefaultPolicy.table(), RegionTable.huaian(), AlertListener.NONE, maxBatch,
                FraudView.DEFAULT_EVIDENCE_BOUND, RuleMemory.DEFAULT_BOUND, 0, lanes);
    }

    /** One unit of work in one transaction, as a processor's batch; {@code before} may mark it for rollback. */
    private void feed(FraudView view, List<FraudEvent> unit, boolean replaying, Consumer<TransactionStatus> after) {
        transaction.executeWithoutResult(status -> {
            UnitOfWork<?> work = DefaultUnitOfWork.startAndGet(null);
            try {
                unit.forEach(event -> view.handle(event.fact(), event.event(), replaying));
            } catch (RuntimeException e) {
                work.rollback(e);
                throw e;
            }
            work.commit();
            after.accept(status);
        });
    }

    private int marks() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM fraud_lane_mark", Integer.class);
    }
}
