package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.REGION;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.granted;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.paid;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.reversed;
import static org.assertj.core.api.Assertions.assertThat;

class R18OverPaymentTest {

    private final FraudTestSupport support = new FraudTestSupport(new R18OverPayment(RuleSettings.DEFAULTS));

    /** The firing case, shared with the PostgreSQL run: two payments one fen above the grant. */
    static List<RecordedEvent> overPaid(FraudTestSupport support) {
        RecordedEvent grant = support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(granted("S-2", "500.00"), "2024-09-01T11:00:00");
        RecordedEvent first = support.feed(paid("S-1", "PAY-1", "600.00", "2024-09-10"), "2024-09-10T10:00:00");
        support.feed(paid("S-2", "PAY-2", "500.00", "2024-09-10"), "2024-09-10T10:30:00");
        RecordedEvent second = support.feed(paid("S-1", "PAY-3", "400.01", "2024-09-12"), "2024-09-12T10:00:00");
        return List.of(grant, first, second);
    }

    @Test
    void raisesWhenPaymentsExceedTheGrant() {
        List<RecordedEvent> events = overPaid(support);

        List<AlertView> alerts = support.alerts("R18");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
        assertThat(alert.window()).isNull();
        assertThat(alert.regionCode()).isEqualTo(REGION);
        assertThat(alert.evidence()).containsExactlyElementsOf(events.stream().map(RecordedEvent::ledgerEventId).toList());
    }

    @Test
    void paymentsUpToTheGrantAreAllowed() {
        support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(paid("S-1", "PAY-1", "600.00", "2024-09-10"), "2024-09-10T10:00:00");
        support.feed(paid("S-1", "PAY-2", "400.00", "2024-09-12"), "2024-09-12T10:00:00");

        assertThat(support.alerts("R18")).isEmpty();
    }

    @Test
    void aRefundClawedBackAfterPaymentIsNoOverPayment() {
        support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(paid("S-1", "PAY-1", "1000.00", "2024-09-10"), "2024-09-10T10:00:00");
        support.feed(reversed("S-1", "REV-1", "1000.00"), "2024-09-20T10:00:00");
        support.feed(granted("S-2", "1000.00"), "2024-09-01T10:00:00");
        support.feed(paid("S-2", "PAY-2", "1000.00", "2024-09-10"), "2024-09-10T10:00:00");
        support.feed(reversed("S-2", "REV-2", "150.00"), "2024-09-20T10:00:00");

        assertThat(support.alerts("R18")).isEmpty();
    }

    @Test
    void payingMoneyThatAReversalWithdrewIsOverPayment() {
        RecordedEvent grant = support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        RecordedEvent reversal = support.feed(reversed("S-1", "REV-1", "200.00"), "2024-09-02T10:00:00");
        RecordedEvent payment = support.feed(paid("S-1", "PAY-1", "1000.00", "2024-09-10"), "2024-09-10T10:00:00");

        assertThat(support.alerts("R18")).singleElement().satisfies(alert -> assertThat(alert.evidence())
                .containsExactly(grant.ledgerEventId(), reversal.ledgerEventId(), payment.ledgerEventId()));
    }

    @Test
    void aFurtherPaymentJoinsTheSameAlert() {
        List<RecordedEvent> events = overPaid(support);
        RecordedEvent third = support.feed(paid("S-1", "PAY-9", "50.00", "2024-09-13"), "2024-09-13T10:00:00");

        assertThat(support.alerts("R18")).singleElement().satisfies(alert -> assertThat(alert.evidence())
                .containsExactly(events.get(0).ledgerEventId(), events.get(1).ledgerEventId(),
                        events.get(2).ledgerEventId(), third.ledgerEventId()));
    }

    @Test
    void aPaymentForASubsidyGrantedBeforeTheSliceIsIgnored() {
        support.feed(paid("S-9", "PAY-1", "1000.00", "2024-09-10"), "2024-09-10T10:00:00");
        support.feed(reversed("S-9", "REV-1", "1000.00"), "2024-09-11T10:00:00");

        assertThat(support.alerts("R18")).isEmpty();
    }

    @Test
    void aReplayRaisesTheSameAlerts() {
        FraudTestSupport replay = new FraudTestSupport(new R18OverPayment(RuleSettings.DEFAULTS));
        for (FraudTestSupport s : List.of(support, replay)) {
            overPaid(s);
            s.feed(paid("S-2", "PAY-4", "0.01", "2024-09-14"), "2024-09-14T10:00:00");
        }

        assertThat(support.alerts("R18")).hasSize(2);
        assertThat(replay.alerts("R18")).extracting(AlertView::alertId)
                .containsExactlyElementsOf(support.alerts("R18").stream().map(AlertView::alertId).toList());
    }
}
