package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.projections.fraud.AlertIds;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.DefaultPolicy;
import cn.huanxin.ledger.projections.fraud.FraudRules;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.TestEvents;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.SELLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.invoice;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.qualified;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case that grew {@code fraud_alert_evidence} without bound: one seller's reverse invoices by
 * the ten thousand in one month. 20,000 invoices of 50 yuan, all without VAT, go through every rule
 * in the live processor's batches of 2,000: the month passes the 100,000 yuan exemption with the
 * 2,000th, so each of the 18,000 after it raises R16 with the month's other invoices as evidence.
 * Before the bound, the n-th of them stored n evidence rows and R16 read and sorted the whole month
 * for each: 3,600 invoices took five minutes and 4.5 million rows. Now the evidence table holds at
 * most 2N rows an alert and the view keeps up.
 */
class ReverseInvoiceFloodTest {

    private static final int INVOICES = 20_000;
    private static final int BATCH = 2_000;
    /** Small, so that the table the test builds stays small; the bound's arithmetic is the same for any N. */
    private static final int BOUND = 10;
    /**
     * The processor's time for the 20,000, measured as the test thread's CPU time (the view and the
     * in-memory database run on it), so that other builds on the machine do not count: far more than
     * the view needs, far less than the quadratic work it did before (3,600 of these invoices took
     * 319 s then; 20,000 would take hours).
     */
    private static final Duration LINE_RATE = Duration.ofSeconds(60);

    @Test
    void oneSellersFloodOfInvoicesKeepsTheEvidenceBoundedAndTheViewAtLineRate() {
        JdbcTemplate jdbc = ProjectionDatabases.h2();
        FraudView view = new FraudView(jdbc, FraudRules.all(RuleSettings.DEFAULTS), DefaultPolicy.table(),
                RegionTable.huaian(), AlertListener.NONE, FraudView.DEFAULT_MAX_BATCH, BOUND);
        TestEvents messages = new TestEvents();
        Instant at = Instant.parse("2024-08-31T01:00:00Z");
        LedgerFact filing = qualified(RECYCLER, Qualification.RECYCLING_FILING, "2023-05-01", null);
        view.handle(filing, RecordedEvent.of(messages.message(filing, at, at)));
        List<RecordedEvent> events = new ArrayList<>(INVOICES);
        List<LedgerFact> facts = new ArrayList<>(INVOICES);
        for (int i = 1; i <= INVOICES; i++) {
            at = at.plusSeconds(60);
            String issuedOn = "2024-09-%02d".formatted(1 + (i - 1) * 28 / INVOICES);
            LedgerFact fact = invoice("FX-%06d".formatted(i), RECYCLER, SELLER, issuedOn, "50.00", "0.00", "0.25");
            facts.add(fact);
            events.add(RecordedEvent.of(messages.message(fact, at, at.plusSeconds(1))));
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = System.nanoTime();
        long startedCpu = threads.getCurrentThreadCpuTime();
        for (int from = 0; from < INVOICES; from += BATCH) {
            UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
            for (int i = from; i < from + BATCH; i++) {
                view.handle(facts.get(i), events.get(i));
            }
            unit.commit();
        }
        Duration took = Duration.ofNanos(threads.getCurrentThreadCpuTime() - startedCpu);
        Duration wall = Duration.ofNanos(System.nanoTime() - started);

        long alerts = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_alert", Long.class);
        long r16 = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_alert WHERE rule_id = 'R16'", Long.class);
        long evidence = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_alert_evidence", Long.class);
        System.out.printf("%,d invoices of one seller's month in %,d ms CPU (%,d ms wall): %,d alerts (%,d R16), "
                + "%,d evidence rows%n", INVOICES, took.toMillis(), wall.toMillis(), alerts, r16, evidence);
        assertThat(r16).isEqualTo(INVOICES - 2_000);
        assertThat(evidence).isLessThanOrEqualTo(alerts * 2 * BOUND);
        assertThat(took).isLessThan(LINE_RATE);

        // The last invoice: the month's first N and latest N others, itself last, and the count of all.
        AlertView last = view.alert(AlertIds.of("R16", "reverse-invoice", "FX-%06d".formatted(INVOICES), null))
                .orElseThrow();
        List<String> kept = new ArrayList<>();
        events.subList(0, BOUND).forEach(event -> kept.add(event.ledgerEventId()));
        events.subList(INVOICES - BOUND, INVOICES).forEach(event -> kept.add(event.ledgerEventId()));
        assertThat(last.evidence()).containsExactlyElementsOf(kept);
        assertThat(last.evidenceCount()).isEqualTo(INVOICES);
        assertThat(last.summaryEn()).contains("come to 1000000.00 yuan");
    }
}
