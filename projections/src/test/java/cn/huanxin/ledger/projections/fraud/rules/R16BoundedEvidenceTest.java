package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.DefaultPolicy;
import cn.huanxin.ledger.projections.fraud.FindAlertsQuery;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.TestEvents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.OTHER_SELLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.SELLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.invoice;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.voided;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R16 under a small evidence bound against the per-event rule of test package {@code legacy}, which
 * lists every other invoice of the month and stores all of it: random invoices of two sellers over
 * two months, with VAT left out once the month passes a small threshold (so that most invoices raise
 * an alert naming the month's others), and voids of earlier invoices, some in the same batch as
 * later invoices of their month. The engine decides them in batches of random sizes. Each alert must
 * keep the first N and the latest N of the oracle's evidence and count all of it, and R16's own
 * tables must end the same, row for row.
 */
class R16BoundedEvidenceTest {

    private static final RuleSettings SETTINGS = new RuleSettings(Map.of("R16", Map.of("exempt-monthly-sales", "500")));

    @Test
    void randomMonthsKeepTheOraclesFirstAndLatestEvidenceOnH2() {
        for (long seed = 1; seed <= 12; seed++) {
            compare(seed, ProjectionDatabases.h2(), ProjectionDatabases.h2());
        }
    }

    @Test
    void randomMonthsKeepTheOraclesFirstAndLatestEvidenceOnPostgres() throws IOException, SQLException {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate migrated = ProjectionDatabases.migrated(postgres);
            SingleConnectionDataSource connection = new SingleConnectionDataSource(
                    migrated.getDataSource().getConnection(), true);
            JdbcTemplate jdbc = new JdbcTemplate(connection);
            for (long seed = 100; seed <= 103; seed++) {
                compare(seed, jdbc, jdbc);
            }
            connection.destroy();
        }
    }

    private void compare(long seed, JdbcTemplate oldDb, JdbcTemplate newDb) {
        Random random = new Random(seed);
        List<FraudEvent> events = events(random, 160);
        int bound = 1 + random.nextInt(3);

        cn.huanxin.ledger.projections.fraud.legacy.FraudView oracle = new cn.huanxin.ledger.projections.fraud.legacy
                .FraudView(oldDb, List.of(new cn.huanxin.ledger.projections.fraud.legacy.rules.R16ReverseInvoiceTax(
                SETTINGS)), DefaultPolicy.table(), RegionTable.huaian(), AlertListener.NONE);
        oracle.reset();
        events.forEach(event -> oracle.handle(event.fact(), event.event()));
        Map<String, AlertView> expected = new LinkedHashMap<>();
        oracle.alerts(new FindAlertsQuery(null, null, null, null, null, 1000)).items()
                .forEach(alert -> expected.put(alert.alertId(), alert));
        Map<String, List<String>> expectedTables = tables(oldDb);

        FraudView view = new FraudView(newDb, List.of(new R16ReverseInvoiceTax(SETTINGS)), DefaultPolicy.table(),
                RegionTable.huaian(), AlertListener.NONE, FraudView.DEFAULT_MAX_BATCH, bound);
        view.reset();
        int at = 0;
        while (at < events.size()) {
            List<FraudEvent> batch = events.subList(at, Math.min(events.size(), at + 1 + random.nextInt(40)));
            UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
            batch.forEach(event -> view.handle(event.fact(), event.event()));
            unit.commit();
            at += batch.size();
        }

        List<AlertView> actual = view.alerts(new FindAlertsQuery(null, null, null, null, null, 1000)).items();
        assertThat(actual).as("seed %d: alerts", seed).extracting(AlertView::alertId)
                .containsExactlyElementsOf(expected.keySet());
        assertThat(expected.values()).as("seed %d: some alert has more evidence than the bound keeps", seed)
                .anyMatch(alert -> alert.evidence().size() > 2 * bound + 1);
        for (AlertView alert : actual) {
            List<String> all = expected.get(alert.alertId()).evidence();
            List<String> kept = all;
            if (all.size() > 2 * bound) {
                kept = new ArrayList<>(all.subList(0, bound));
                kept.addAll(all.subList(all.size() - bound, all.size()));
            }
            assertThat(alert.evidence()).as("seed %d, bound %d: evidence of %s", seed, bound, alert.subject().ref())
                    .containsExactlyElementsOf(kept);
            assertThat(alert.evidenceCount()).as("seed %d: count of %s", seed, alert.subject().ref())
                    .isEqualTo(all.size());
            assertThat(alert.summary()).isEqualTo(expected.get(alert.alertId()).summary());
        }
        assertThat(tables(newDb)).as("seed %d: R16's tables", seed).isEqualTo(expectedTables);
    }

    /** Invoices of two sellers in September and October 2024, VAT never charged, and voids of earlier ones. */
    private static List<FraudEvent> events(Random random, int count) {
        TestEvents messages = new TestEvents();
        List<FraudEvent> events = new ArrayList<>();
        List<String> issued = new ArrayList<>();
        Instant at = Instant.parse("2024-09-01T01:00:00Z");
        for (int i = 0; i < count; i++) {
            at = at.plusSeconds(60);
            LedgerFact fact;
            if (!issued.isEmpty() && random.nextInt(6) == 0) {
                fact = voided(issued.remove(random.nextInt(issued.size())), "2024-10-31");
            } else {
                String number = "FX-%05d".formatted(i);
                issued.add(number);
                String day = (random.nextBoolean() ? "2024-09-" : "2024-10-") + "%02d".formatted(1 + random.nextInt(28));
                String amount = (10 + random.nextInt(90)) + ".00";
                fact = invoice(number, RECYCLER, random.nextInt(3) == 0 ? OTHER_SELLER : SELLER, day, amount,
                        "0.00", new BigDecimal(amount).multiply(new BigDecimal("0.005"))
                                .setScale(2, RoundingMode.HALF_UP).toPlainString());
            }
            events.add(new FraudEvent(fact, RecordedEvent.of(messages.message(fact, at, at.plusSeconds(1)))));
        }
        return events;
    }

    private static Map<String, List<String>> tables(JdbcTemplate jdbc) {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        for (String table : List.of("fraud_r16_invoice", "fraud_r16_month")) {
            List<String> rows = new ArrayList<>(jdbc.query("SELECT * FROM " + table, (rs, n) -> {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getObject(i)).append('|');
                }
                return row.toString();
            }));
            rows.sort(null);
            contents.put(table, rows);
        }
        return contents;
    }
}
