package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.DefaultPolicy;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudRules;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleLanes;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules that hold their rows in memory from page to page ({@link RuleMemory#holdsRows}, an
 * investigation's scratch view) against the engine that writes every row after each batch: random
 * event sequences (the generator of {@link BatchEngineEquivalenceTest}, where every rule fires) fed as
 * pages of random sizes, each in a transaction, on one lane and on two. The alerts (order numbers and
 * evidence included) and the clock must end the same, whatever the bound; with a bound that gives
 * every row up at the end of its page, every table must too; with a bound between, the tables hold a
 * part of the rows, none that the engine writing everything would not have written.
 */
class HeldRowsEquivalenceTest {

    /** Tables of rules whose rows are held ({@link cn.huanxin.ledger.projections.fraud.KeyedRows}). */
    private static final List<String> HELD = List.of("fraud_r01_grant", "fraud_r03_serial", "fraud_r10_invoice",
            "fraud_r23_item");
    private static final List<String> ALERTS = List.of("fraud_alert", "fraud_alert_evidence", "fraud_clock",
            "fraud_pending_disposition");

    private static EmbeddedPostgres postgres;
    private SingleConnectionDataSource main;
    private SingleConnectionDataSource second;

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
    }

    @AfterEach
    void disconnect() {
        main.destroy();
        second.destroy();
    }

    @Test
    @Timeout(300)
    void heldRowsGiveTheSameAlertsAndGivenUpRowsTheSameTables() {
        JdbcTemplate jdbc = new JdbcTemplate(main);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(main));
        List<FraudRule> rules = FraudRules.all(BatchEngineEquivalenceTest.SETTINGS);
        List<String> tables = new ArrayList<>(ALERTS);
        rules.forEach(rule -> tables.addAll(rule.tables()));
        boolean someHeldOnly = false;
        for (long seed = 300; seed <= 305; seed++) {
            Random random = new Random(seed);
            List<FraudEvent> events = new BatchEngineEquivalenceTest.Generator(random).events(400);
            int maxBatch = 1 + random.nextInt(120);
            List<List<FraudEvent>> pages = RuleLanesEquivalenceTest.pages(events, random);

            FraudView written = new FraudView(jdbc, rules, DefaultPolicy.table(), RegionTable.huaian(),
                    AlertListener.NONE, maxBatch, FraudView.DEFAULT_EVIDENCE_BOUND, RuleMemory.DEFAULT_BOUND);
            transaction.executeWithoutResult(status -> written.reset());
            pages.forEach(page -> transaction.executeWithoutResult(status -> written.process(page)));
            Map<String, List<String>> expected = BatchEngineEquivalenceTest.tables(jdbc, tables);
            for (String table : HELD) {
                assertThat(expected.get(table)).as("seed %d writes %s", seed, table).isNotEmpty();
            }

            for (boolean twoLanes : new boolean[]{false, true}) {
                String run = "seed " + seed + (twoLanes ? ", two lanes" : ", one lane");
                // a bound of 1: every row is given up (written) when its page ends
                Map<String, List<String>> givenUp = held(rules, pages, maxBatch, 1, twoLanes, tables);
                for (String table : tables) {
                    assertThat(givenUp.get(table)).as("%s, bound 1, table %s", run, table)
                            .isEqualTo(expected.get(table));
                }
                for (long bound : new long[]{40, 1_000_000}) {
                    Map<String, List<String>> actual = held(rules, pages, maxBatch, bound, twoLanes, tables);
                    for (String table : ALERTS) {
                        assertThat(actual.get(table)).as("%s, bound %d, table %s", run, bound, table)
                                .isEqualTo(expected.get(table));
                    }
                    for (String table : HELD) {
                        assertThat(expected.get(table)).as("%s, bound %d: %s holds only rows written", run, bound,
                                table).containsAll(actual.get(table));
                        if (bound == 1_000_000) {
                            assertThat(actual.get(table)).as("%s: nothing given up", run).isEmpty();
                        } else {
                            someHeldOnly |= actual.get(table).size() < expected.get(table).size()
                                    && !actual.get(table).isEmpty();
                        }
                    }
                }
            }
        }
        assertThat(someHeldOnly).as("a bound between gave some rows up and held others").isTrue();
    }

    /** The tables after the pages, each in a transaction, on a view whose rules hold up to {@code bound}. */
    private Map<String, List<String>> held(List<FraudRule> rules, List<List<FraudEvent>> pages, int maxBatch,
                                           long bound, boolean twoLanes, List<String> tables) {
        JdbcTemplate jdbc = new JdbcTemplate(main);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(main));
        List<RuleLanes.Lane> others = twoLanes
                ? List.of(new RuleLanes.Lane(new JdbcTemplate(second),
                new TransactionTemplate(new DataSourceTransactionManager(second))))
                : List.of();
        try (RuleLanes lanes = new RuleLanes(others)) {
            FraudView view = new FraudView(jdbc, rules, DefaultPolicy.table(), RegionTable.huaian(),
                    AlertListener.NONE, maxBatch, FraudView.DEFAULT_EVIDENCE_BOUND, RuleMemory.DEFAULT_BOUND, bound,
                    lanes);
            transaction.executeWithoutResult(status -> view.reset());
            pages.forEach(page -> transaction.executeWithoutResult(status -> view.process(page)));
        }
        return BatchEngineEquivalenceTest.tables(jdbc, tables);
    }
}
