package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.SELLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The alert store's evidence bound (docs/fraud-rules.md, "Evidence"): an alert keeps its first N and
 * latest N evidence events by evidence order and counts all of them, whether the events come one
 * batch at a time or in one batch, and numbers what it keeps exactly as an unbounded store did.
 */
class EvidenceBoundTest {

    /** Every invoice adds itself to one alert about the seller. */
    private static final Function<Raised, AlertDraft> EACH_INVOICE = raised -> draft(List.of(raised.eventId()));

    @Test
    void anAlertKeepsItsFirstAndLatestNAndCountsAll() {
        FraudTestSupport support = new FraudTestSupport(3, new TestRule(EACH_INVOICE));
        List<String> events = feedInvoices(support, 10);

        AlertView alert = support.alerts("T01").get(0);
        assertThat(alert.evidence()).containsExactly(events.get(0), events.get(1), events.get(2), events.get(7),
                events.get(8), events.get(9));
        assertThat(alert.evidenceCount()).isEqualTo(10);
        assertThat(rows(support.jdbc())).hasSize(6);
    }

    @Test
    void upToTwiceTheBoundAnAlertKeepsEverything() {
        FraudTestSupport support = new FraudTestSupport(3, new TestRule(EACH_INVOICE));
        List<String> events = feedInvoices(support, 6);

        AlertView alert = support.alerts("T01").get(0);
        assertThat(alert.evidence()).containsExactlyElementsOf(events);
        assertThat(alert.evidenceCount()).isEqualTo(6);
    }

    /**
     * The rows kept are the unbounded store's rows, evidence numbers included, less the middle; and a
     * batch that drops rows it inserted itself ends as batches of one that delete them.
     */
    @Test
    void theKeptRowsAreTheUnboundedRowsLessTheMiddleInBatchesOrNot() {
        List<LedgerFact> facts = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            facts.add(invoice("FX-%04d".formatted(i), RECYCLER, SELLER, "2024-09-02", "100.00"));
        }
        FraudTestSupport unbounded = new FraudTestSupport(1_000, new TestRule(EACH_INVOICE));
        FraudTestSupport inOneBatch = new FraudTestSupport(3, new TestRule(EACH_INVOICE));
        FraudTestSupport oneByOne = new FraudTestSupport(3, new TestRule(EACH_INVOICE));
        List<RecordedEvent> recorded = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            recorded.add(unbounded.feed(facts.get(i), "2024-09-02T10:%02d:00".formatted(i)));
        }
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        for (int i = 0; i < facts.size(); i++) {
            inOneBatch.view().handle(facts.get(i), recorded.get(i));
        }
        unit.commit();
        for (int i = 0; i < facts.size(); i++) {
            oneByOne.view().handle(facts.get(i), recorded.get(i));
        }

        List<String> all = rows(unbounded.jdbc());
        List<String> kept = new ArrayList<>(all.subList(0, 3));
        kept.addAll(all.subList(all.size() - 3, all.size()));
        assertThat(rows(inOneBatch.jdbc())).containsExactlyElementsOf(kept);
        assertThat(rows(oneByOne.jdbc())).containsExactlyElementsOf(kept);
        assertThat(alerts(inOneBatch.jdbc())).isEqualTo(alerts(oneByOne.jdbc())).isEqualTo(alerts(unbounded.jdbc()));
    }

    @Test
    void aDraftMayLeaveOutTheMiddleOfItsEvidence() {
        FraudTestSupport support = new FraudTestSupport(3, new TestRule(raised -> new AlertDraft("T01", Severity.LOW,
                "person", SELLER, null, null, "测试", "test", List.of("a", "b", "c", "x", "y", "z", "w"), 3, 5)));
        feedInvoices(support, 1);

        AlertView alert = support.alerts("T01").get(0);
        assertThat(alert.evidence()).containsExactly("a", "b", "c", "y", "z", "w");
        assertThat(alert.evidenceCount()).isEqualTo(12);
    }

    @Test
    void aDraftMustListTheLatestNAfterWhatItLeavesOut() {
        FraudTestSupport support = new FraudTestSupport(3, new TestRule(raised -> new AlertDraft("T01", Severity.LOW,
                "person", SELLER, null, null, "测试", "test", List.of("a", "b", "c", "x", "y"), 3, 5)));

        assertThatThrownBy(() -> feedInvoices(support, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("left out evidence");
    }

    /**
     * The documented approximation: an event dropped from the middle is no longer known, so a rule
     * that names the whole history again adds it again, and counts it again.
     */
    @Test
    void anEventDroppedFromTheMiddleAndNamedAgainIsAddedAgain() {
        List<String> named = new ArrayList<>();
        FraudTestSupport support = new FraudTestSupport(2, new TestRule(raised -> {
            named.add(raised.eventId());
            return draft(named);
        }));
        List<String> events = feedInvoices(support, 6);

        AlertView alert = support.alerts("T01").get(0);
        assertThat(alert.evidence()).containsExactly(events.get(0), events.get(1), events.get(4), events.get(5));
        // e3 fell out of the latest two with e5. With e6 the rule names e3, e4 and e5 again; each is
        // added again and pushes the next out: six events, counted nine times.
        assertThat(alert.evidenceCount()).isEqualTo(9);
    }

    private static AlertDraft draft(List<String> evidence) {
        return new AlertDraft("T01", Severity.LOW, "person", SELLER, null, null, "测试", "test", evidence);
    }

    private static List<String> feedInvoices(FraudTestSupport support, int count) {
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(support.feed(invoice("FX-%04d".formatted(i), RECYCLER, SELLER, "2024-09-02", "100.00"),
                    "2024-09-02T10:%02d:00".formatted(i)).ledgerEventId());
        }
        return events;
    }

    /** The evidence rows, in evidence order: alert, event and number. */
    private static List<String> rows(JdbcTemplate jdbc) {
        return jdbc.query("SELECT alert_id, ledger_event_id, evidence_seq FROM fraud_alert_evidence "
                + "ORDER BY evidence_seq", (rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
    }

    private static List<String> alerts(JdbcTemplate jdbc) {
        return jdbc.query("SELECT alert_id, raised_seq, evidence_count FROM fraud_alert ORDER BY raised_seq",
                (rs, n) -> rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getLong(3));
    }

    private record Raised(ReverseInvoiceIssued invoice, String eventId) {
    }

    /** A rule of this test only: raises, for every invoice, the draft the test makes of it. */
    private static final class TestRule implements FraudRule {

        private final Function<Raised, AlertDraft> drafts;
        private final RuleDescriptor descriptor = new RuleDescriptor("T01", "测试 test", Severity.LOW,
                Set.of(ReverseInvoiceIssued.class), List.of());

        TestRule(Function<Raised, AlertDraft> drafts) {
            this.drafts = drafts;
        }

        @Override
        public RuleDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            context.raise(drafts.apply(new Raised((ReverseInvoiceIssued) fact, event.ledgerEventId())));
        }
    }
}
