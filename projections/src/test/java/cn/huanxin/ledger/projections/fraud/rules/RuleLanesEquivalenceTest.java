package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.DefaultPolicy;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudRules;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.HeldWrites;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleLanes;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
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
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fraud engine on two lanes, each with a connection of its own to one PostgreSQL database, against
 * the engine on one thread: random event sequences (the generator of {@link BatchEngineEquivalenceTest},
 * where every rule fires, deadlines pass and dispositions arrive) fed as pages of random sizes, each in
 * a transaction, as an investigation feeds its scratch view. Every rule's table, the alerts (their
 * order numbers and evidence included) and the clock must end the same, row for row. The same
 * sequences also check the rules that hold their rows in memory from page to page, as an
 * investigation's do.
 */
class RuleLanesEquivalenceTest {

    /** Tables of rules whose rows are held ({@link cn.huanxin.ledger.projections.fraud.KeyedRows}). */
    private static final List<String> HELD = List.of("fraud_r01_grant", "fraud_r03_serial", "fraud_r10_invoice",
            "fraud_r23_item");
    /** The alerts, their evidence, the clock and the dispositions waiting for their alerts. */
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

    /** A lane that waits for another's lock (a rule on two connections in one page) fails, not hangs. */
    @Test
    @Timeout(300)
    void twoLanesEndInTheSameTablesAsOneThread() {
        JdbcTemplate jdbc = new JdbcTemplate(main);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(main));
        List<FraudRule> rules = FraudRules.all(BatchEngineEquivalenceTest.SETTINGS);
        List<String> tables = tables(rules);
        for (long seed = 200; seed <= 207; seed++) {
            Seeded seeded = Seeded.of(seed);
            int maxBatch = seeded.maxBatch();
            List<List<FraudEvent>> pages = seeded.pages();

            Map<String, List<String>> expected = oneThread(rules, pages, maxBatch, tables);
            assertThat(expected.get("fraud_alert")).as("seed %d raises alerts", seed).isNotEmpty();

            Counted secondLane = new Counted(new TransactionTemplate(new DataSourceTransactionManager(second)));
            try (RuleLanes lanes = new RuleLanes(List.of(new RuleLanes.Lane(new JdbcTemplate(second), secondLane)))) {
                FraudView laned = new FraudView(jdbc, rules, DefaultPolicy.table(), RegionTable.huaian(),
                        AlertListener.NONE, maxBatch, FraudView.DEFAULT_EVIDENCE_BOUND, RuleMemory.DEFAULT_BOUND, 0,
                        lanes);
                transaction.executeWithoutResult(status -> laned.reset());
                pages.forEach(page -> transaction.executeWithoutResult(status -> laned.process(page)));
            }
            assertThat(secondLane.transactions.get()).as("seed %d: batches the second lane took part in", seed)
                    .isGreaterThan(0);
            Map<String, List<String>> actual = BatchEngineEquivalenceTest.tables(jdbc, tables);
            for (String table : tables) {
                assertThat(actual.get(table)).as("seed %d, table %s", seed, table).isEqualTo(expected.get(table));
            }
        }
    }

    /**
     * Rules that hold their rows in memory from page to page ({@link RuleMemory#holdsRows}, an
     * investigation's scratch view) against the engine that writes every row after each batch, on one
     * lane and on two: the alerts (order numbers and evidence included) and the clock must end the
     * same, whatever the bound; with a bound that gives every row up at the end of its page, every table
     * must too; with a bound between, the tables hold a part of the rows, none that the engine writing
     * everything would not have written.
     */
    @Test
    @Timeout(300)
    void heldRowsGiveTheSameAlertsAndGivenUpRowsTheSameTables() {
        List<FraudRule> rules = FraudRules.all(BatchEngineEquivalenceTest.SETTINGS);
        List<String> tables = tables(rules);
        boolean someHeldOnly = false;
        for (long seed = 300; seed <= 305; seed++) {
            Seeded seeded = Seeded.of(seed);
            int maxBatch = seeded.maxBatch();
            List<List<FraudEvent>> pages = seeded.pages();

            Map<String, List<String>> expected = oneThread(rules, pages, maxBatch, tables);
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

    /**
     * Rows held until a statement names their table ({@link HeldWrites}, an investigation's scratch
     * view), on one lane and on two, alone and beside rows held by key that are given up at the end of
     * each page, with bounds that write everything between pages, a part, and nothing: once what is
     * still held is written, every table must end as the engine that writes every row with its batch
     * leaves it, row for row.
     */
    @Test
    @Timeout(300)
    void heldWritesEndInTheSameTablesOnceWritten() throws SQLException {
        List<FraudRule> rules = FraudRules.all(BatchEngineEquivalenceTest.SETTINGS);
        List<String> tables = tables(rules);
        Connection mainConnection = main.getConnection();
        Connection secondConnection = second.getConnection();
        boolean heldToTheEnd = false;
        for (long seed = 400; seed <= 402; seed++) {
            Seeded seeded = Seeded.of(seed);
            Map<String, List<String>> expected = oneThread(rules, seeded.pages(), seeded.maxBatch(), tables);
            for (boolean twoLanes : new boolean[]{false, true}) {
                for (long rowsBound : new long[]{0, 1}) {
                    for (long bound : new long[]{0, 2_000, Long.MAX_VALUE}) {
                        String run = "seed " + seed + (twoLanes ? ", two lanes" : ", one lane") + ", rows held "
                                + rowsBound + ", bound " + bound;
                        HeldWrites held = new HeldWrites(HeldWrites.tablesOf(rules), bound);
                        SingleConnectionDataSource source = new SingleConnectionDataSource(held.guard(mainConnection), true);
                        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(source));
                        SingleConnectionDataSource lane = new SingleConnectionDataSource(held.guard(secondConnection), true);
                        List<RuleLanes.Lane> others = twoLanes ? List.of(new RuleLanes.Lane(held.template(lane),
                                new TransactionTemplate(new DataSourceTransactionManager(lane)))) : List.of();
                        try (RuleLanes lanes = new RuleLanes(others)) {
                            FraudView view = new FraudView(held.template(source), rules, DefaultPolicy.table(),
                                    RegionTable.huaian(), AlertListener.NONE, seeded.maxBatch(),
                                    FraudView.DEFAULT_EVIDENCE_BOUND, RuleMemory.DEFAULT_BOUND, rowsBound, lanes);
                            transaction.executeWithoutResult(status -> view.reset());
                            seeded.pages().forEach(page -> transaction.executeWithoutResult(status -> {
                                view.process(page);
                                held.giveUp(mainConnection);
                            }));
                        }
                        heldToTheEnd |= held.held() > 0;
                        assertThat(held.held()).as("%s: held within the bound between pages", run)
                                .isLessThanOrEqualTo(bound);
                        held.writeAll(mainConnection);
                        Map<String, List<String>> actual = BatchEngineEquivalenceTest.tables(new JdbcTemplate(main), tables);
                        for (String table : tables) {
                            assertThat(actual.get(table)).as("%s, table %s", run, table).isEqualTo(expected.get(table));
                        }
                    }
                }
            }
        }
        assertThat(heldToTheEnd).as("rows that no statement needed were held to the end").isTrue();
    }

    /** The tables after the pages, each in a transaction, on a view that decides on one thread. */
    private Map<String, List<String>> oneThread(List<FraudRule> rules, List<List<FraudEvent>> pages, int maxBatch,
                                                List<String> tables) {
        JdbcTemplate jdbc = new JdbcTemplate(main);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(main));
        FraudView view = new FraudView(jdbc, rules, DefaultPolicy.table(), RegionTable.huaian(), AlertListener.NONE,
                maxBatch, FraudView.DEFAULT_EVIDENCE_BOUND, RuleMemory.DEFAULT_BOUND);
        transaction.executeWithoutResult(status -> view.reset());
        pages.forEach(page -> transaction.executeWithoutResult(status -> view.process(page)));
        return BatchEngineEquivalenceTest.tables(jdbc, tables);
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

    /**
     * The rules get the same class of context from the engine on one thread as on lanes: the JIT
     * compiles a rule's calls to its context for the classes it has seen, and a second class met in a
     * ledger's first investigation (after the live view's hours on the first) threw away the compiled
     * code of every rule at once.
     */
    @Test
    @Timeout(300)
    void oneThreadAndLanesHandTheRulesOneClassOfContext() {
        FraudRule r01 = new R01PerPersonCategoryLimit(BatchEngineEquivalenceTest.SETTINGS);
        Set<Class<?>> serial = new HashSet<>();
        Set<Class<?>> laned = new HashSet<>();
        AtomicReference<Set<Class<?>>> seen = new AtomicReference<>(serial);
        FraudRule recorder = new FraudRule() {
            @Override
            public RuleDescriptor descriptor() {
                return new RuleDescriptor("R98", "records its contexts", r01.severity(), r01.reads(), List.of());
            }

            @Override
            public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
                seen.get().add(context.getClass());
            }
        };
        List<FraudRule> rules = new ArrayList<>(FraudRules.all(BatchEngineEquivalenceTest.SETTINGS));
        rules.add(recorder);
        Seeded seeded = Seeded.of(400);
        oneThread(rules, seeded.pages(), seeded.maxBatch(), List.of());
        seen.set(laned);
        held(rules, seeded.pages(), seeded.maxBatch(), 0, true, List.of());
        assertThat(serial).as("contexts on one thread").hasSize(1);
        assertThat(laned).as("contexts on two lanes").isEqualTo(serial);
    }

    @Test
    void rulesThatShareATableCannotTakeLanes() {
        FraudRule r01 = new R01PerPersonCategoryLimit(BatchEngineEquivalenceTest.SETTINGS);
        FraudRule sharing = new FraudRule() {
            @Override
            public RuleDescriptor descriptor() {
                return new RuleDescriptor("R99", "shares R01's table", r01.severity(), Set.of(), r01.tables());
            }
        };
        try (RuleLanes lanes = new RuleLanes(List.of())) {
            assertThatThrownBy(() -> new FraudView(new JdbcTemplate(main), List.of(r01, sharing), DefaultPolicy.table(),
                    RegionTable.huaian(), AlertListener.NONE, 100, FraudView.DEFAULT_EVIDENCE_BOUND,
                    RuleMemory.DEFAULT_BOUND, 0, lanes))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fraud_r01_grant");
        }
    }

    /** One seed's case: 400 generated events in pages of random sizes, and a random batch bound. */
    private record Seeded(int maxBatch, List<List<FraudEvent>> pages) {
        static Seeded of(long seed) {
            Random random = new Random(seed);
            List<FraudEvent> events = new BatchEngineEquivalenceTest.Generator(random).events(400);
            int maxBatch = 1 + random.nextInt(120);
            return new Seeded(maxBatch, RuleLanesEquivalenceTest.pages(events, random));
        }
    }

    /** The alerts' tables and every table of the rules. */
    private static List<String> tables(List<FraudRule> rules) {
        List<String> tables = new ArrayList<>(ALERTS);
        rules.forEach(rule -> tables.addAll(rule.tables()));
        return tables;
    }

    /** The events cut into pages (or units of work) of random sizes, now small, now up to 250 events. */
    static List<List<FraudEvent>> pages(List<FraudEvent> events, Random random) {
        List<List<FraudEvent>> pages = new ArrayList<>();
        for (int at = 0; at < events.size(); ) {
            int size = 1 + random.nextInt(random.nextBoolean() ? 8 : 250);
            pages.add(events.subList(at, Math.min(events.size(), at + size)));
            at += size;
        }
        return pages;
    }

    /** A lane's transactions, counted. */
    static final class Counted implements TransactionOperations {
        private final TransactionOperations inner;
        final AtomicInteger transactions = new AtomicInteger();

        Counted(TransactionOperations inner) {
            this.inner = inner;
        }

        @Override
        public <T> T execute(TransactionCallback<T> action) {
            transactions.incrementAndGet();
            return inner.execute(action);
        }

        @Override
        public void executeWithoutResult(java.util.function.Consumer<TransactionStatus> action) {
            transactions.incrementAndGet();
            inner.executeWithoutResult(action);
        }
    }
}
