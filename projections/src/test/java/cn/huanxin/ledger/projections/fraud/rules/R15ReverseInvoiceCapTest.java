package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.OTHER_SELLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.SELLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.invoice;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.voided;
import static org.assertj.core.api.Assertions.assertThat;

class R15ReverseInvoiceCapTest {

    private final FraudTestSupport support = new FraudTestSupport(new R15ReverseInvoiceCap(RuleSettings.DEFAULTS));

    /** The firing case, shared with the PostgreSQL run: 5,000,000.01 yuan within six months. */
    static List<RecordedEvent> overTheCap(FraudTestSupport support) {
        RecordedEvent first = support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-03-01", "3000000.00"),
                "2024-03-01T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, OTHER_SELLER, "2024-05-01", "4000000.00"), "2024-05-01T10:00:00");
        RecordedEvent second = support.feed(invoice("FX-0003", RECYCLER, SELLER, "2024-09-01", "2000000.01"),
                "2024-09-01T10:00:00");
        return List.of(first, second);
    }

    @Test
    void raisesWhenOneSellerExceedsTheCapWithinTwelveMonths() {
        List<RecordedEvent> invoices = overTheCap(support);

        List<AlertView> alerts = support.alerts("R15");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("person", SELLER));
        assertThat(alert.window()).isEqualTo("2023-09-02/2024-09-01");
        assertThat(alert.evidence()).containsExactly(invoices.get(0).ledgerEventId(), invoices.get(1).ledgerEventId());
    }

    @Test
    void exactlyTheCapIsAllowed() {
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-03-01", "3000000.00"), "2024-03-01T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-01", "2000000.00"), "2024-09-01T10:00:00");

        assertThat(support.alerts("R15")).isEmpty();
    }

    @Test
    void salesTwelveMonthsApartAreNotAdded() {
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-01-01", "3000000.00"), "2024-01-01T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2025-01-01", "2500000.00"), "2025-01-01T10:00:00");

        assertThat(support.alerts("R15")).isEmpty();
    }

    @Test
    void salesOneDayInsideTheWindowAreAdded() {
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-01-02", "3000000.00"), "2024-01-02T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2025-01-01", "2500000.00"), "2025-01-01T10:00:00");

        assertThat(support.alerts("R15")).extracting(AlertView::window).containsExactly("2024-01-02/2025-01-01");
    }

    @Test
    void voidedInvoicesAreLeftOut() {
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-03-01", "3000000.00"), "2024-03-01T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-03-05", "1999999.99"), "2024-03-05T10:00:00");
        support.feed(voided("FX-0002", "2024-03-05"), "2024-03-05T11:00:00");
        support.feed(invoice("FX-0002-R", RECYCLER, SELLER, "2024-03-05", "1999999.99"), "2024-03-05T12:00:00");
        support.feed(invoice("FX-0003", RECYCLER, SELLER, "2024-06-05", "0.01"), "2024-06-05T12:00:00");

        assertThat(support.alerts("R15")).isEmpty();
    }

    @Test
    void aVoidedInvoiceIsNotEvidence() {
        RecordedEvent first = support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-03-01", "3000000.00"),
                "2024-03-01T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-03-05", "1999999.99"), "2024-03-05T10:00:00");
        support.feed(voided("FX-0002", "2024-03-05"), "2024-03-05T11:00:00");
        RecordedEvent reissued = support.feed(invoice("FX-0002-R", RECYCLER, SELLER, "2024-03-05", "2000000.01"),
                "2024-03-05T12:00:00");

        assertThat(support.alerts("R15")).singleElement().satisfies(alert -> assertThat(alert.evidence())
                .containsExactly(first.ledgerEventId(), reissued.ledgerEventId()));
    }

    @Test
    void oneCaseIsOneAlertAndALaterYearIsAnother() {
        List<RecordedEvent> invoices = overTheCap(support);
        RecordedEvent third = support.feed(invoice("FX-0004", RECYCLER, SELLER, "2024-10-01", "100.00"),
                "2024-10-01T10:00:00");
        support.feed(invoice("FX-0005", RECYCLER, SELLER, "2025-09-15", "5000000.01"), "2025-09-15T10:00:00");

        List<AlertView> alerts = support.alerts("R15");
        assertThat(alerts).extracting(AlertView::window)
                .containsExactly("2023-09-02/2024-09-01", "2024-09-16/2025-09-15");
        assertThat(alerts.get(0).evidence()).containsExactly(invoices.get(0).ledgerEventId(),
                invoices.get(1).ledgerEventId(), third.ledgerEventId());
    }

    @Test
    void anInvoiceRecordedLateCanPushALaterWindowOver() {
        RecordedEvent later = support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-01", "3000000.00"),
                "2024-09-01T10:00:00");
        RecordedEvent earlier = support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-02-01", "2000000.01"),
                "2024-09-02T10:00:00");

        List<AlertView> alerts = support.alerts("R15");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).window()).isEqualTo("2023-09-02/2024-09-01");
        assertThat(alerts.get(0).evidence()).containsExactly(earlier.ledgerEventId(), later.ledgerEventId());
    }

    @Test
    void theCapAndTheMonthsAreParameters() {
        R15ReverseInvoiceCap rule = new R15ReverseInvoiceCap(
                new RuleSettings(Map.of("R15", Map.of("cap", "6000000", "months", "6"))));
        FraudTestSupport configured = new FraudTestSupport(rule);
        overTheCap(configured);

        assertThat(configured.alerts("R15")).isEmpty();
        assertThat(rule.parameters()).containsEntry("cap", "6000000.00").containsEntry("months", "6");
    }

    @Test
    void aReplayRaisesTheSameAlerts() {
        FraudTestSupport replay = new FraudTestSupport(new R15ReverseInvoiceCap(RuleSettings.DEFAULTS));
        for (FraudTestSupport s : List.of(support, replay)) {
            overTheCap(s);
            s.feed(invoice("FX-0005", RECYCLER, OTHER_SELLER, "2024-09-15", "1000000.01"), "2024-09-15T10:00:00");
        }

        assertThat(support.alerts("R15")).hasSize(2);
        assertThat(replay.alerts("R15")).extracting(AlertView::alertId)
                .containsExactlyElementsOf(support.alerts("R15").stream().map(AlertView::alertId).toList());
    }
}
