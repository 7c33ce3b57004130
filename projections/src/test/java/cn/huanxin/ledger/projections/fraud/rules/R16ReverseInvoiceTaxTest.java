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

class R16ReverseInvoiceTaxTest {

    private final FraudTestSupport support = new FraudTestSupport(new R16ReverseInvoiceTax(RuleSettings.DEFAULTS));

    /** The firing case, shared with the PostgreSQL run: VAT charged on an exempt month's sales. */
    static RecordedEvent vatOnExemptSales(FraudTestSupport support) {
        return support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-02", "10000.00", "100.00", "50.00"),
                "2024-09-02T10:00:00");
    }

    @Test
    void raisesForVatChargedWhileTheMonthIsExempt() {
        RecordedEvent invoice = vatOnExemptSales(support);

        List<AlertView> alerts = support.alerts("R16");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("reverse-invoice", "FX-0001"));
        assertThat(alert.window()).isNull();
        assertThat(alert.evidence()).containsExactly(invoice.ledgerEventId());
    }

    @Test
    void withheldIncomeTaxOneFenOffIsTolerated() {
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-02", "10000.00", "0.00", "49.99"),
                "2024-09-02T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-02", "333.33", "0.00", "1.67"),
                "2024-09-02T11:00:00");
        support.feed(invoice("FX-0003", RECYCLER, SELLER, "2024-09-02", "333.33", "0.01", "1.66"),
                "2024-09-02T12:00:00");

        assertThat(support.alerts("R16")).isEmpty();
    }

    @Test
    void withheldIncomeTaxTwoFenOffIsRaised() {
        RecordedEvent invoice = support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-02", "10000.00", "0.00",
                "49.98"), "2024-09-02T10:00:00");

        assertThat(support.alerts("R16")).singleElement().satisfies(alert -> {
            assertThat(alert.subject().ref()).isEqualTo("FX-0001");
            assertThat(alert.evidence()).containsExactly(invoice.ledgerEventId());
            assertThat(alert.summaryEn()).contains("income tax withheld should be 50.00");
        });
    }

    @Test
    void theInvoiceThatTakesTheMonthAboveTheThresholdOwesOnePercent() {
        RecordedEvent first = support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-02", "95000.00"),
                "2024-09-02T10:00:00");
        RecordedEvent second = support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-10", "5000.00"),
                "2024-09-10T10:00:00");
        support.feed(invoice("FX-0003", RECYCLER, OTHER_SELLER, "2024-09-11", "50000.00"), "2024-09-11T10:00:00");
        RecordedEvent third = support.feed(invoice("FX-0004", RECYCLER, SELLER, "2024-09-12", "1000.00"),
                "2024-09-12T10:00:00");
        support.feed(invoice("FX-0005", RECYCLER, SELLER, "2024-09-20", "2000.00", "20.00", "10.00"),
                "2024-09-20T10:00:00");

        List<AlertView> alerts = support.alerts("R16");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).subject().ref()).isEqualTo("FX-0004");
        assertThat(alerts.get(0).summaryEn()).contains("VAT should be 10.00");
        assertThat(alerts.get(0).evidence())
                .containsExactly(first.ledgerEventId(), second.ledgerEventId(), third.ledgerEventId());
    }

    @Test
    void oneLargeInvoiceIsTaxableOnItsOwn() {
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-02", "100000.01", "1000.00", "500.00"),
                "2024-09-02T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-01", "100.00", "1.00", "0.50"),
                "2024-09-02T11:00:00");
        RecordedEvent exempted = support.feed(invoice("FX-0003", RECYCLER, OTHER_SELLER, "2024-09-03", "200000.00",
                "0.00", "1000.00"), "2024-09-03T10:00:00");

        assertThat(support.alerts("R16")).singleElement().satisfies(alert -> {
            assertThat(alert.subject().ref()).isEqualTo("FX-0003");
            assertThat(alert.evidence()).containsExactly(exempted.ledgerEventId());
        });
    }

    @Test
    void voidedInvoicesAndOtherMonthsAreNotInTheMonthTotal() {
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-08-31", "95000.00"), "2024-08-31T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-01", "90000.00"), "2024-09-01T10:00:00");
        support.feed(voided("FX-0002", "2024-09-01"), "2024-09-01T11:00:00");
        support.feed(invoice("FX-0003", RECYCLER, SELLER, "2024-09-01", "10000.00"), "2024-09-01T12:00:00");

        assertThat(support.alerts("R16")).isEmpty();
    }

    @Test
    void theThresholdAndRatesAreParameters() {
        R16ReverseInvoiceTax rule = new R16ReverseInvoiceTax(new RuleSettings(Map.of("R16",
                Map.of("exempt-monthly-sales", "5000", "vat-rate", "0.01", "income-tax-rate", "0.005"))));
        FraudTestSupport configured = new FraudTestSupport(rule);
        vatOnExemptSales(configured);

        assertThat(configured.alerts("R16")).isEmpty();
        assertThat(rule.parameters()).containsEntry("exempt-monthly-sales", "5000.00")
                .containsEntry("tolerance", "0.01");
    }

    @Test
    void aReplayRaisesTheSameAlerts() {
        FraudTestSupport replay = new FraudTestSupport(new R16ReverseInvoiceTax(RuleSettings.DEFAULTS));
        for (FraudTestSupport s : List.of(support, replay)) {
            vatOnExemptSales(s);
            s.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-03", "95000.00", "0.00", "0.00"), "2024-09-03T10:00:00");
        }

        assertThat(support.alerts("R16")).hasSize(2);
        assertThat(replay.alerts("R16")).extracting(AlertView::alertId)
                .containsExactlyElementsOf(support.alerts("R16").stream().map(AlertView::alertId).toList());
    }
}
