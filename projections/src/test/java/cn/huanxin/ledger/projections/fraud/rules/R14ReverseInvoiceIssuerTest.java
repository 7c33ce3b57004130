package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.core.enterprise.Qualification.HAZARDOUS_WASTE;
import static cn.huanxin.ledger.core.enterprise.Qualification.RECYCLING_FILING;
import static cn.huanxin.ledger.core.enterprise.Qualification.VEHICLE_RECYCLING;
import static cn.huanxin.ledger.core.enterprise.Qualification.WEEE_PROCESSING;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.OTHER_RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.SELLER;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.invoice;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.qualified;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.revoked;
import static org.assertj.core.api.Assertions.assertThat;

class R14ReverseInvoiceIssuerTest {

    private final FraudTestSupport support = new FraudTestSupport(new R14ReverseInvoiceIssuer(RuleSettings.DEFAULTS));

    /** The firing case, shared with the PostgreSQL run: an issuer that only ever held WEEE_PROCESSING. */
    static RecordedEvent unqualifiedIssuer(FraudTestSupport support) {
        support.feed(qualified(OTHER_RECYCLER, WEEE_PROCESSING, "2023-05-01", null), "2023-05-01T09:00:00");
        return support.feed(invoice("FX-0001", OTHER_RECYCLER, SELLER, "2024-09-02", "1200.00"), "2024-09-02T10:00:00");
    }

    @Test
    void raisesForAnInvoiceFromAnIssuerWithoutAnEntitlingQualification() {
        RecordedEvent invoice = unqualifiedIssuer(support);

        List<AlertView> alerts = support.alerts("R14");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("reverse-invoice", "FX-0001"));
        assertThat(alert.window()).isNull();
        assertThat(alert.evidence()).containsExactly(invoice.ledgerEventId());
    }

    @Test
    void acceptsEachEntitlingQualification() {
        support.feed(qualified(RECYCLER, RECYCLING_FILING, "2023-05-01", "2026-04-30"), "2023-05-01T09:00:00");
        support.feed(qualified(OTHER_RECYCLER, HAZARDOUS_WASTE, "2023-05-01", null), "2023-05-01T09:00:00");
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-02", "1200.00"), "2024-09-02T10:00:00");
        support.feed(invoice("FX-0002", OTHER_RECYCLER, SELLER, "2024-09-02", "800.00"), "2024-09-02T11:00:00");

        assertThat(support.alerts("R14")).isEmpty();
    }

    @Test
    void aQualificationIsValidOnItsLastDayButNotTheDayAfter() {
        support.feed(qualified(RECYCLER, VEHICLE_RECYCLING, "2023-09-01", "2024-08-31"), "2023-09-01T09:00:00");
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-08-31", "3100.00"), "2024-08-31T15:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-01", "2900.00"), "2024-09-01T09:00:00");

        assertThat(support.alerts("R14")).extracting(a -> a.subject().ref()).containsExactly("FX-0002");
    }

    @Test
    void aQualificationIsNotValidBeforeItsFirstDay() {
        support.feed(qualified(RECYCLER, RECYCLING_FILING, "2024-09-02", null), "2024-08-30T09:00:00");
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-01", "500.00"), "2024-09-01T09:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-02", "500.00"), "2024-09-02T09:00:00");

        assertThat(support.alerts("R14")).extracting(a -> a.subject().ref()).containsExactly("FX-0001");
    }

    @Test
    void aRevocationEndsTheQualificationFromItsDayOn() {
        support.feed(qualified(RECYCLER, HAZARDOUS_WASTE, "2023-05-01", null), "2023-05-01T09:00:00");
        support.feed(revoked(RECYCLER, HAZARDOUS_WASTE, "2024-09-10"), "2024-09-10T08:00:00");
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-09", "500.00"), "2024-09-10T09:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-10", "500.00"), "2024-09-10T10:00:00");

        assertThat(support.alerts("R14")).extracting(a -> a.subject().ref()).containsExactly("FX-0002");
    }

    @Test
    void aRevocationRecordedLaterReachesBackToInvoicesIssuedOnOrAfterItsDay() {
        support.feed(qualified(RECYCLER, HAZARDOUS_WASTE, "2023-05-01", null), "2023-05-01T09:00:00");
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-09", "500.00"), "2024-09-09T16:00:00");
        RecordedEvent sameDay = support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-10", "500.00"),
                "2024-09-10T09:00:00");
        support.feed(revoked(RECYCLER, HAZARDOUS_WASTE, "2024-09-10"), "2024-09-10T17:00:00");

        List<AlertView> alerts = support.alerts("R14");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).subject().ref()).isEqualTo("FX-0002");
        assertThat(alerts.get(0).evidence()).containsExactly(sameDay.ledgerEventId());
    }

    @Test
    void aRevocationOfOneQualificationLeavesAnotherStanding() {
        support.feed(qualified(RECYCLER, RECYCLING_FILING, "2023-05-01", "2026-04-30"), "2023-05-01T09:00:00");
        support.feed(qualified(RECYCLER, HAZARDOUS_WASTE, "2023-05-01", null), "2023-05-01T09:00:00");
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-09-10", "500.00"), "2024-09-10T09:00:00");
        support.feed(revoked(RECYCLER, HAZARDOUS_WASTE, "2024-09-10"), "2024-09-10T17:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-11", "500.00"), "2024-09-11T09:00:00");

        assertThat(support.alerts("R14")).isEmpty();
    }

    @Test
    void aGrantAfterARevocationQualifiesAgain() {
        support.feed(qualified(RECYCLER, RECYCLING_FILING, "2023-05-01", null), "2023-05-01T09:00:00");
        support.feed(revoked(RECYCLER, RECYCLING_FILING, "2024-06-01"), "2024-06-01T09:00:00");
        support.feed(qualified(RECYCLER, RECYCLING_FILING, "2024-08-01", null), "2024-08-01T09:00:00");
        support.feed(invoice("FX-0001", RECYCLER, SELLER, "2024-07-15", "500.00"), "2024-08-01T10:00:00");
        support.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-08-01", "500.00"), "2024-08-01T11:00:00");

        assertThat(support.alerts("R14")).extracting(a -> a.subject().ref()).containsExactly("FX-0001");
    }

    @Test
    void theEntitlingQualificationsAreAParameter() {
        R14ReverseInvoiceIssuer rule = new R14ReverseInvoiceIssuer(
                new RuleSettings(Map.of("R14", Map.of("qualifications", "VEHICLE_RECYCLING, WEEE_PROCESSING"))));
        FraudTestSupport configured = new FraudTestSupport(rule);
        unqualifiedIssuer(configured);

        assertThat(configured.alerts("R14")).isEmpty();
        assertThat(rule.parameters()).containsEntry("qualifications", "VEHICLE_RECYCLING,WEEE_PROCESSING");
        assertThat(new R14ReverseInvoiceIssuer(RuleSettings.DEFAULTS).parameters())
                .containsEntry("qualifications", "HAZARDOUS_WASTE,RECYCLING_FILING,VEHICLE_RECYCLING");
    }

    @Test
    void aReplayRaisesTheSameAlerts() {
        FraudTestSupport replay = new FraudTestSupport(new R14ReverseInvoiceIssuer(RuleSettings.DEFAULTS));
        for (FraudTestSupport s : List.of(support, replay)) {
            unqualifiedIssuer(s);
            s.feed(qualified(RECYCLER, HAZARDOUS_WASTE, "2023-05-01", null), "2024-09-02T12:00:00");
            s.feed(invoice("FX-0002", RECYCLER, SELLER, "2024-09-03", "500.00"), "2024-09-03T09:00:00");
            s.feed(revoked(RECYCLER, HAZARDOUS_WASTE, "2024-09-03"), "2024-09-03T17:00:00");
        }

        assertThat(support.alerts("R14")).hasSize(2);
        assertThat(replay.alerts("R14")).extracting(AlertView::alertId)
                .containsExactlyElementsOf(support.alerts("R14").stream().map(AlertView::alertId).toList());
    }
}
