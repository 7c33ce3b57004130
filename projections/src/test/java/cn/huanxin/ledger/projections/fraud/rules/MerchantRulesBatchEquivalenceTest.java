package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.DefaultPolicy;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.TestEvents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.collected;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.sale;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R22, R23 and R24 decide the same whatever the batches: random sequences — a few merchants, models
 * and serial numbers, prices around a list price with markups now and then, busy days, events
 * recorded out of business-time order (some of them months back), small thresholds so that every rule fires — fed one event at a
 * time (the live view outside a unit of work) and, in batches of random sizes, through
 * {@link FraudView#process} (an investigation's pages, a rebuild's batches) must leave every table
 * identical, row for row: alert ids, summaries, evidence and its order and count, the rules' own state.
 * The one-at-a-time side keeps nothing between events ({@link RuleMemory} bound 0), so it reads every
 * table as it stands; the batched side keeps what R22 and R24 read from batch to batch, under bounds
 * small enough to forget keys now and then — also when two views take turns on the same tables (two
 * nodes), when a batch rolls back, and when the view is reset and the history replayed.
 */
class MerchantRulesBatchEquivalenceTest {

    private static final RuleSettings SETTINGS = RuleSettings.DEFAULTS.with(Map.of(
            "R22", Map.of("lookback-days", "20", "min-grants", "2"),
            "R24", Map.of("min-grants", "6", "multiple", "2")));
    private static final List<EnterpriseId> MERCHANTS = List.of(ChainFacts.enterprise(201),
            ChainFacts.enterprise(202), ChainFacts.enterprise(203), ChainFacts.enterprise(204));

    private static List<FraudRule> rules() {
        return List.of(new R22CampaignPriceMarkup(SETTINGS), new R23OldSoldAsNew(SETTINGS),
                new R24MerchantBurst(SETTINGS));
    }

    @Test
    void randomSequencesEndInTheSameTablesWhateverTheBatches() {
        for (long seed = 1; seed <= 8; seed++) {
            Random random = new Random(seed);
            List<FraudEvent> events = events(random, 400);

            JdbcTemplate oneByOne = ProjectionDatabases.h2();
            Map<String, List<String>> expected = oneByOne(events);

            JdbcTemplate batched = ProjectionDatabases.h2();
            FraudView pages = new FraudView(batched, rules(), DefaultPolicy.table(), RegionTable.huaian(),
                    AlertListener.NONE, 1 + random.nextInt(50), 3, memoryBound(random));
            int at = 0;
            while (at < events.size()) {
                int size = 1 + random.nextInt(random.nextBoolean() ? 5 : 150);
                pages.process(events.subList(at, Math.min(events.size(), at + size)));
                at += size;
            }

            assertThat(expected.get("fraud_alert")).as("seed %d raises alerts of every rule", seed)
                    .anyMatch(row -> row.contains("|R22|")).anyMatch(row -> row.contains("|R23|"))
                    .anyMatch(row -> row.contains("|R24|"));
            assertThat(tables(batched)).as("seed %d", seed).isEqualTo(expected);
        }
    }

    /**
     * Two views on the same tables take turns (two nodes handing the view's one segment back and
     * forth), some batches roll back and are run again, and at the end one view is reset and replays
     * everything: what a view kept of the tables must be forgotten each time someone else wrote them,
     * or its batch rolled back, or they were cleared.
     */
    @Test
    void viewsTakingTurnsRollbacksAndAResetEndInTheSameTables() {
        for (long seed = 11; seed <= 16; seed++) {
            Random random = new Random(seed);
            List<FraudEvent> events = events(random, 400);
            Map<String, List<String>> expected = oneByOne(events);

            JdbcTemplate batched = ProjectionDatabases.h2();
            TransactionTemplate transactions = new TransactionTemplate(
                    new DataSourceTransactionManager(batched.getDataSource()));
            List<FraudView> nodes = List.of(
                    new FraudView(batched, rules(), DefaultPolicy.table(), RegionTable.huaian(), AlertListener.NONE,
                            1 + random.nextInt(50), 3, memoryBound(random)),
                    new FraudView(batched, rules(), DefaultPolicy.table(), RegionTable.huaian(), AlertListener.NONE,
                            1 + random.nextInt(50), 3, memoryBound(random)));
            int rolledBack = 0;
            int pages = 0;
            int at = 0;
            while (at < events.size()) {
                List<FraudEvent> page = events.subList(at, Math.min(events.size(), at + 1 + random.nextInt(60)));
                FraudView node = nodes.get(random.nextInt(4) == 0 ? 1 : 0);
                if (pages++ % 5 == 2) {
                    try {
                        transactions.executeWithoutResult(status -> {
                            node.process(page);
                            throw new IllegalStateException("the batch fails after its writes");
                        });
                    } catch (IllegalStateException expectedFailure) {
                        rolledBack++;
                    }
                }
                transactions.executeWithoutResult(status -> node.process(page));
                at += page.size();
            }
            assertThat(rolledBack).as("seed %d rolls some batches back", seed).isPositive();
            assertThat(tables(batched)).as("seed %d, two views", seed).isEqualTo(expected);

            nodes.get(0).reset();
            at = 0;
            while (at < events.size()) {
                List<FraudEvent> page = events.subList(at, Math.min(events.size(), at + 1 + random.nextInt(150)));
                transactions.executeWithoutResult(status -> nodes.get(0).process(page));
                at += page.size();
            }
            assertThat(tables(batched)).as("seed %d, reset and replayed", seed).isEqualTo(expected);
        }
    }

    /**
     * R22 judges a grant against running sums of its window, kept from grant to grant: a grant recorded
     * late, dated inside the window of grants already judged, must count for the grants after it. Here
     * the merchant's own median falls from 3000 to 2000 with four late grants, so that the last sale at
     * 3000 is a markup — in one page with the others, and in a page of its own.
     */
    @Test
    void aGrantRecordedLateCountsInTheWindowsOfTheGrantsAfterIt() {
        TestEvents messages = new TestEvents();
        EnterpriseId merchant = MERCHANTS.get(0);
        List<FraudEvent> events = new ArrayList<>();
        LocalDateTime august = LocalDateTime.of(2024, 8, 1, 10, 0);
        for (int day = 0; day < 3; day++) {
            events.add(grant(messages, events.size(), merchant, "3000.00", august.plusDays(day)));
        }
        events.add(grant(messages, events.size(), merchant, "3000.00", august.plusDays(9)));
        for (int late = 0; late < 4; late++) {
            events.add(grant(messages, events.size(), merchant, "2000.00", august.plusDays(4)));
        }
        events.add(grant(messages, events.size(), merchant, "3000.00", august.plusDays(9).plusHours(1)));
        Map<String, List<String>> expected = oneByOne(events);
        assertThat(expected.get("fraud_alert")).as("the last sale is a markup").anyMatch(row -> row.contains("|R22|"));

        for (int split : List.of(events.size(), events.size() - 1)) {
            JdbcTemplate batched = ProjectionDatabases.h2();
            FraudView pages = new FraudView(batched, rules(), DefaultPolicy.table(), RegionTable.huaian(),
                    AlertListener.NONE, FraudView.DEFAULT_MAX_BATCH, 3, RuleMemory.DEFAULT_BOUND);
            pages.process(events.subList(0, split));
            pages.process(events.subList(split, events.size()));
            assertThat(tables(batched)).as("pages split at %d", split).isEqualTo(expected);
        }
    }

    /**
     * On PostgreSQL, R24 updates the merchant days of a batch as one statement once they are many
     * ({@code PendingWrites.update}): forty merchants' days, updated by two later pages, end as the
     * events one at a time leave them on H2.
     */
    @Test
    void manyMerchantDaysUpdatedAtOnceEndTheSameOnPostgres() throws IOException {
        TestEvents messages = new TestEvents();
        List<FraudEvent> events = new ArrayList<>();
        LocalDateTime day = LocalDateTime.of(2024, 8, 1, 10, 0);
        for (int round = 0; round < 3; round++) {
            for (int merchant = 0; merchant < 40; merchant++) {
                events.add(grant(messages, events.size(), ChainFacts.enterprise(300 + merchant), "3000.00",
                        day.plusMinutes(round)));
            }
        }
        List<String> expected = oneByOne(events).get("fraud_r24_day");
        assertThat(expected).hasSize(40).allMatch(row -> row.contains("|3|"));
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = ProjectionDatabases.migrated(postgres);
            FraudView pages = new FraudView(jdbc, rules(), DefaultPolicy.table(), RegionTable.huaian(),
                    AlertListener.NONE, FraudView.DEFAULT_MAX_BATCH, 3, RuleMemory.DEFAULT_BOUND);
            for (int round = 0; round < 3; round++) {
                pages.process(events.subList(40 * round, 40 * round + 40));
            }
            assertThat(tables(jdbc).get("fraud_r24_day")).isEqualTo(expected);
        }
    }

    private static FraudEvent grant(TestEvents messages, int i, EnterpriseId merchant, String price,
                                    LocalDateTime at) {
        LedgerFact fact = sale("S-L" + i).by(merchant).serial(null).price(price).build();
        var occurred = at.toInstant(ZoneOffset.ofHours(8));
        return new FraudEvent(fact, RecordedEvent.of(messages.message(fact, occurred, occurred.plusSeconds(1))));
    }

    /** The tables after the events, one at a time, with nothing kept between them. */
    private static Map<String, List<String>> oneByOne(List<FraudEvent> events) {
        JdbcTemplate oneByOne = ProjectionDatabases.h2();
        FraudView single = new FraudView(oneByOne, rules(), DefaultPolicy.table(), RegionTable.huaian(),
                AlertListener.NONE, FraudView.DEFAULT_MAX_BATCH, 3, 0);
        events.forEach(event -> single.handle(event.fact(), event.event()));
        return tables(oneByOne);
    }

    /** Now the default, now small enough that keys are forgotten and read again. */
    private static long memoryBound(Random random) {
        return random.nextBoolean() ? RuleMemory.DEFAULT_BOUND : random.nextInt(40);
    }

    private static List<FraudEvent> events(Random random, int count) {
        TestEvents messages = new TestEvents();
        List<FraudEvent> events = new ArrayList<>();
        LocalDateTime now = LocalDateTime.of(2024, 8, 1, 9, 0);
        int burst = 0;
        EnterpriseId busy = MERCHANTS.get(0);
        for (int i = 0; i < count; i++) {
            // mostly forward in time, a few hours a step; now and then an event dated days back, or a
            // merchant's busy day of eight grants a few minutes apart
            if (burst == 0 && random.nextInt(40) == 0) {
                burst = 8;
                busy = MERCHANTS.get(random.nextInt(MERCHANTS.size()));
            }
            now = now.plusMinutes(burst > 0 ? 3 : random.nextInt(random.nextInt(10) == 0 ? 2000 : 300));
            // and now and then one dated one to four months back, so that a batch names days of one
            // merchant or model too far apart for their windows to merge (DayWindows)
            LocalDateTime at = burst > 0 ? now : random.nextInt(12) == 0 ? now.minusDays(1 + random.nextInt(10))
                    : random.nextInt(25) == 0 ? now.minusDays(30 + random.nextInt(90)) : now;
            LedgerFact fact = burst > 0 ? sale("S-" + i).by(busy).serial(null).price("3000.00").build() : fact(random, i);
            burst = Math.max(0, burst - 1);
            var occurred = at.toInstant(ZoneOffset.ofHours(8));
            RecordedEvent event = RecordedEvent.of(messages.message(fact, occurred, occurred.plusSeconds(1)));
            events.add(new FraudEvent(fact, event));
        }
        return events;
    }

    private static LedgerFact fact(Random random, int i) {
        String serial = "SN-" + random.nextInt(40);
        if (random.nextInt(8) == 0) {
            return collected("R-" + i, random.nextBoolean() ? ProductCategory.REFRIGERATOR : ProductCategory.TV, serial,
                    "2024-09-01");
        }
        boolean tv = random.nextInt(3) == 0;
        int base = tv ? 4000 : 3000;
        int price = random.nextInt(10) == 0 ? base + base * (5 + random.nextInt(40)) / 100
                : base - 50 + random.nextInt(101);
        MerchantFacts.Sale sale = sale("S-" + i).by(MERCHANTS.get(random.nextInt(MERCHANTS.size())))
                .price(price + ".00").serial(random.nextInt(3) == 0 ? null : serial);
        if (tv) {
            sale.model(ProductCategory.TV, "海信", "65E5N");
        }
        if (random.nextInt(10) == 0) {
            sale.oldItem(OldItemKind.EQUIPMENT, "SN-" + random.nextInt(40));
        }
        return sale.build();
    }

    private static Map<String, List<String>> tables(JdbcTemplate jdbc) {
        List<String> tables = new ArrayList<>(List.of("fraud_alert", "fraud_alert_evidence", "fraud_clock"));
        rules().forEach(rule -> tables.addAll(rule.tables()));
        Map<String, List<String>> contents = new LinkedHashMap<>();
        for (String table : tables) {
            List<String> rows = new ArrayList<>(jdbc.query("SELECT * FROM " + table, (rs, n) -> {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    row.append(rs.getObject(c)).append('|');
                }
                return row.toString();
            }));
            rows.sort(null);
            contents.put(table, rows);
        }
        return contents;
    }
}
