package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency, rebuild and the independent check of the arithmetic over a random ledger of a few
 * thousand events. Runs on H2 and on PostgreSQL (the subclasses).
 */
abstract class BalanceRebuildBehaviours {

    /** More events than the projection keeps in memory, so one unit of work is posted in parts. */
    private static final int RANDOM_EVENTS = BalanceProjection.MAX_PENDING_EVENTS + 1_000;

    private static List<EventMessage<?>> randomMessages;

    JdbcTemplate jdbc;
    BalanceProjection projection;
    Feed feed;

    protected abstract JdbcTemplate freshDatabase();

    @BeforeEach
    void setUp() {
        jdbc = freshDatabase();
        projection = new BalanceProjection(jdbc);
        feed = new Feed(projection);
    }

    /** The same random ledger for every test and both databases: generated once, never changed. */
    static synchronized List<EventMessage<?>> randomMessages() {
        if (randomMessages == null) {
            randomMessages = RandomLedger.generate(20240901L, RANDOM_EVENTS).messages();
        }
        return randomMessages;
    }

    @Test
    void feedingTheSameMessagesAgainChangesNothing() {
        ScenarioLedger ledger = smallScenario();
        feed.batch(ledger.messages());
        String once = BalanceTables.digest(jdbc);

        feed.oneByOne(ledger.messages());
        assertThat(BalanceTables.digest(jdbc)).as("redelivered one by one").isEqualTo(once);
        feed.batch(ledger.messages());
        assertThat(BalanceTables.digest(jdbc)).as("redelivered as a batch").isEqualTo(once);
    }

    @Test
    void aMessageDeliveredTwiceInOneBatchIsPostedOnce() {
        ScenarioLedger ledger = new ScenarioLedger();
        EventMessage<?> grant = ledger.granted("S-1", "F-1", "320812", "100.00");
        EventMessage<?> payment = ledger.paid("S-1", "100.00");
        EventMessage<?> reversal = ledger.reversed("S-1", "40.00");
        feed.batch(List.of(grant, payment, payment, reversal, reversal));

        BalanceRow row = projection.balances(new FindBalancesQuery(null, null, null, null, null, 10)).items().get(0);
        assertThat(row.paid().toString()).isEqualTo("60.00");
        assertThat(row.reversed().toString()).isEqualTo("40.00");
        assertThat(BalanceTables.postingCount(jdbc)).isEqualTo(6);
    }

    @Test
    void aBatchRedeliveredAfterPartOfItWasPostedPostsTheRestOnce() {
        ScenarioLedger ledger = smallScenario();
        List<EventMessage<?>> messages = ledger.messages();
        int half = messages.size() / 2;
        feed.batch(messages.subList(0, half));
        // A processor that rolled back after posting the first half's rows would deliver them again.
        feed.batch(messages);
        String redelivered = BalanceTables.digest(jdbc);

        feed.reset();
        feed.batch(messages);
        assertThat(BalanceTables.digest(jdbc)).isEqualTo(redelivered);
    }

    @Test
    void resetAndReplayRebuildIdenticalTablesWhateverTheBatchSize() {
        List<EventMessage<?>> messages = randomMessages();
        feed.inBatches(messages, 500);
        String built = BalanceTables.digest(jdbc);
        long postings = BalanceTables.postingCount(jdbc);
        assertThat(postings).isGreaterThan(2L * RANDOM_EVENTS - 200);

        feed.reset();
        assertThat(BalanceTables.postingCount(jdbc)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM balance_subsidy", Long.class)).isZero();

        List<EventMessage<?>> replayed = ScenarioLedger.replayed(messages);
        assertThat(ReplayToken.isReplay(replayed.get(0))).isTrue();
        feed.inBatches(replayed, 137);
        assertThat(BalanceTables.digest(jdbc)).as("replayed in batches of 137").isEqualTo(built);

        feed.reset();
        feed.batch(replayed);
        assertThat(BalanceTables.digest(jdbc)).as("replayed in one unit of work, posted in parts").isEqualTo(built);
    }

    @Test
    void postingOneEventAtATimeWithoutAUnitOfWorkGivesTheSameTables() {
        // Each statement commits on its own here, so a few hundred events keep the test quick.
        List<EventMessage<?>> messages = randomMessages().subList(0, 200);
        feed.inBatches(messages, 50);
        String built = BalanceTables.digest(jdbc);

        feed.reset();
        feed.oneByOne(messages);
        assertThat(BalanceTables.digest(jdbc)).isEqualTo(built);
    }

    @Test
    void resetDeletesTheBalanceRowsAndNoOthers() {
        jdbc.execute("CREATE TABLE other_view_row (id INTEGER PRIMARY KEY)");
        try {
            jdbc.update("INSERT INTO other_view_row (id) VALUES (1)");
            feed.batch(smallScenario().messages());
            assertThat(BalanceTables.postingCount(jdbc)).isPositive();

            feed.reset();

            assertThat(BalanceTables.postingCount(jdbc)).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM balance_subsidy", Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM other_view_row", Long.class)).isEqualTo(1);
        } finally {
            jdbc.execute("DROP TABLE other_view_row");
        }
    }

    @Test
    void everyRowOfARandomLedgerEqualsTheContractFormulaToTheFen() {
        List<EventMessage<?>> messages = randomMessages();
        feed.inBatches(messages, 500);
        ContractArithmetic contract = new ContractArithmetic(messages);

        Instant middle = Instant.parse(messages.get(messages.size() / 2).getMetaData().get("recordedAt").toString());
        LocalDate tenthDay = LocalDate.parse("2024-09-10");
        List<Bitemporal> times = List.of(Bitemporal.EVERYTHING, new Bitemporal(tenthDay, null),
                new Bitemporal(null, middle), new Bitemporal(tenthDay, middle),
                new Bitemporal(LocalDate.parse("2024-09-05"), middle.plusSeconds(86_400)));
        List<Programme> programmes = new ArrayList<>(RandomLedger.PROGRAMMES);
        programmes.add(null);

        for (Bitemporal time : times) {
            assertThat(projection.trialBalance(new FindTrialBalanceQuery(time)))
                    .as("trial balance %s", time).isEqualTo(contract.trialBalance(time));
            for (Programme programme : programmes) {
                List<BalanceRow> expected = contract.rows(null, null, programme, time);
                assertThat(expected).as("the scenario covers every fund and region").hasSize(21);
                assertThat(pagedRows(null, null, programme, time)).as("rows %s %s", programme, time)
                        .containsExactlyElementsOf(expected);
            }
        }
        String fund = RandomLedger.FUNDS.get(1);
        assertThat(pagedRows(fund, "320830", Programme.DIGITAL, times.get(3)))
                .containsExactlyElementsOf(contract.rows(fund, "320830", Programme.DIGITAL, times.get(3)));
        assertThat(contract.rows(null, null, null, Bitemporal.EVERYTHING))
                .as("the scenario reaches negative commitments").anyMatch(r -> r.committed().isNegative());
    }

    @Test
    void theRunningTotalsAnswerExactlyAsTheJournalForEveryDayFilterAndPage() {
        feed.inBatches(randomMessages(), 500);
        BalanceStore store = new BalanceStore(jdbc);
        List<Programme> programmes = new ArrayList<>(RandomLedger.PROGRAMMES);
        programmes.add(null);
        List<Bitemporal> times = new ArrayList<>();
        times.add(Bitemporal.EVERYTHING);
        for (LocalDate day = LocalDate.parse("2024-08-31"); day.isBefore(LocalDate.parse("2024-09-08"));
             day = day.plusDays(1)) {
            times.add(new Bitemporal(day, null));
        }
        for (Bitemporal time : times) {
            assertThat(BalanceTotals.answer(time)).isTrue();
            assertThat(store.trialBalance(time)).as("trial balance %s", time).isEqualTo(
                    journalTrialBalance(store, time));
            for (Programme programme : programmes) {
                assertThat(store.balances(null, null, programme, time, null, null, 1000))
                        .as("rows %s %s", programme, time)
                        .isEqualTo(store.balancesFromJournal(null, null, programme, time, null, null, 1000));
                String fund = RandomLedger.FUNDS.get(2);
                assertThat(store.balances(fund, null, programme, time, fund, "320812", 3))
                        .as("a page of one fund %s %s", programme, time)
                        .isEqualTo(store.balancesFromJournal(fund, null, programme, time, fund, "320812", 3));
                assertThat(store.balances(null, "320826", programme, time, null, null, 1000))
                        .isEqualTo(store.balancesFromJournal(null, "320826", programme, time, null, null, 1000));
            }
        }
        assertThat(BalanceTotals.answer(new Bitemporal(null, Instant.parse("2024-09-02T00:00:00Z"))))
                .as("a record-time filter is the journal's").isFalse();
    }

    @Test
    void theMigrationsBackfillGivesTheTotalsThatPostingKeeps() throws IOException {
        feed.inBatches(randomMessages(), 700);
        List<Map<String, Object>> kept = BalanceTables.totals(jdbc);
        assertThat(kept).hasSizeGreaterThan(100);

        jdbc.update("DELETE FROM balance_total");
        jdbc.update(backfillStatement());

        assertThat(BalanceTables.totals(jdbc)).isEqualTo(kept);
    }

    /**
     * Segments post at once and share total rows: two threads, each with the streams one segment
     * would get, in transactions that are retried whole when they fail, as a processor retries a
     * batch. The totals come out as the journal's sums.
     */
    @Test
    void twoSegmentsPostingAtOnceKeepTheTotalsExact() throws Exception {
        List<EventMessage<?>> messages = randomMessages();
        List<List<EventMessage<?>>> segments = List.of(new ArrayList<>(), new ArrayList<>());
        for (EventMessage<?> message : messages) {
            String stream = ((DomainEventMessage<?>) message).getAggregateIdentifier();
            segments.get(Math.floorMod(stream.hashCode(), 2)).add(message);
        }
        TransactionTemplate transactions =
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> retries = new ArrayList<>();
            for (List<EventMessage<?>> segment : segments) {
                retries.add(threads.submit(() -> postInTransactions(segment, 50, transactions)));
            }
            for (Future<Integer> retried : retries) {
                retried.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        BalanceStore store = new BalanceStore(jdbc);
        List<Map<String, Object>> kept = BalanceTables.totals(jdbc);
        jdbc.update("DELETE FROM balance_total");
        jdbc.update(backfillStatement());
        assertThat(kept).as("the totals are the journal's sums").isEqualTo(BalanceTables.totals(jdbc));
        assertThat(store.balances(null, null, null, Bitemporal.EVERYTHING, null, null, 1000))
                .isEqualTo(store.balancesFromJournal(null, null, null, Bitemporal.EVERYTHING, null, null, 1000));
    }

    private int postInTransactions(List<EventMessage<?>> messages, int batchSize, TransactionTemplate transactions) {
        int retries = 0;
        for (int from = 0; from < messages.size(); from += batchSize) {
            List<EventMessage<?>> batch = messages.subList(from, Math.min(messages.size(), from + batchSize));
            for (int attempt = 1; ; attempt++) {
                try {
                    transactions.executeWithoutResult(status -> feed.batch(batch));
                    break;
                } catch (RuntimeException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                    retries++;
                }
            }
        }
        return retries;
    }

    private static TrialBalanceView journalTrialBalance(BalanceStore store, Bitemporal time) {
        long[] sums = store.trialBalanceFromJournal(time);
        return new TrialBalanceView(Money.ofFen(sums[0]), Money.ofFen(sums[1]), sums[0] == sums[1]);
    }

    /** The INSERT … SELECT of migration V670, as the database at hand runs it: the totals of a journal written before. */
    private String backfillStatement() throws IOException {
        String vendor = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName())
                .equals("PostgreSQL") ? "postgresql" : "h2";
        try (InputStream in = getClass().getResourceAsStream(
                "/db/projection/" + vendor + "/V670__balance_totals.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sql.substring(sql.indexOf("INSERT INTO balance_total"), sql.lastIndexOf(';'));
        }
    }

    /** Reads every row in pages of five, so paging is checked against the formula too. */
    private List<BalanceRow> pagedRows(String fundId, String regionCode, Programme programme, Bitemporal time) {
        List<BalanceRow> rows = new ArrayList<>();
        String key = null;
        do {
            BalancesView page = projection.balances(new FindBalancesQuery(fundId, regionCode, programme, time, key, 5));
            rows.addAll(page.items());
            key = page.nextKey();
        } while (key != null);
        return rows;
    }

    private static ScenarioLedger smallScenario() {
        ScenarioLedger ledger = new ScenarioLedger();
        ledger.appropriated("F-1", "1000000.00");
        ledger.allocated("F-1", "320812", "20000.00");
        ledger.allocated("F-1", "320826", "10000.00");
        ledger.granted("S-1", "F-1", "320812", "3000.00");
        ledger.granted("S-2", "F-1", "320826", Programme.DIGITAL, "1500.00");
        ledger.paid("S-1", "2000.00");
        ledger.reversed("S-1", "1500.00");
        ledger.paid("S-2", "1600.00");
        ledger.reversed("S-2", "100.00");
        ledger.reclaimed("F-1", "320826", "5000.00");
        return ledger;
    }
}
