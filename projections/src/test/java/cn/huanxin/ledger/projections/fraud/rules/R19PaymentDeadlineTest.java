package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.REGION;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.granted;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.paid;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.reversed;
import static org.assertj.core.api.Assertions.assertThat;

class R19PaymentDeadlineTest {

    private final FraudTestSupport support = new FraudTestSupport(new R19PaymentDeadline(RuleSettings.DEFAULTS));

    /** The firing case, shared with the PostgreSQL run: granted on 1 September, never paid, 2 October seen. */
    static RecordedEvent unpaid(FraudTestSupport support) {
        RecordedEvent grant = support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(granted("S-2", "800.00"), "2024-09-05T10:00:00");
        support.feed(paid("S-2", "PAY-2", "800.00", "2024-09-20"), "2024-09-20T10:00:00");
        support.feed(granted("S-3", "500.00"), "2024-10-02T08:00:00");
        return grant;
    }

    @Test
    void raisesOnceTheDayAfterTheDeadlineIsSeen() {
        RecordedEvent grant = unpaid(support);

        List<AlertView> alerts = support.alerts("R19");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.LOW);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
        assertThat(alert.window()).isNull();
        assertThat(alert.regionCode()).isEqualTo(REGION);
        assertThat(alert.evidence()).containsExactly(grant.ledgerEventId());
    }

    @Test
    void theLastDayOfTheDeadlineIsNotYetLate() {
        support.feed(granted("S-1", "1000.00"), "2024-09-01T23:30:00");
        support.feed(granted("S-2", "500.00"), "2024-10-01T23:59:00");

        assertThat(support.alerts("R19")).isEmpty();
    }

    @Test
    void aPaymentOnTheLastDayIsInTime() {
        support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(paid("S-1", "PAY-1", "1000.00", "2024-10-01"), "2024-10-01T16:00:00");
        support.feed(granted("S-2", "500.00"), "2024-12-01T10:00:00");

        assertThat(support.alerts("R19").stream().filter(a -> a.subject().ref().equals("S-1"))).isEmpty();
    }

    @Test
    void aPaymentTheDayAfterIsLate() {
        RecordedEvent grant = support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(paid("S-1", "PAY-1", "1000.00", "2024-10-02"), "2024-10-02T09:00:00");

        assertThat(support.alerts("R19")).singleElement().satisfies(alert ->
                assertThat(alert.evidence()).containsExactly(grant.ledgerEventId()));
    }

    @Test
    void aFullyReversedSubsidyNeedsNoPaymentButAPartlyReversedOneDoes() {
        support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(reversed("S-1", "REV-1", "400.00"), "2024-09-03T10:00:00");
        support.feed(reversed("S-1", "REV-2", "600.00"), "2024-09-04T10:00:00");
        support.feed(granted("S-2", "1000.00"), "2024-09-01T11:00:00");
        support.feed(reversed("S-2", "REV-3", "999.99"), "2024-09-03T11:00:00");
        support.feed(granted("S-3", "500.00"), "2024-10-02T08:00:00");

        assertThat(support.alerts("R19")).extracting(a -> a.subject().ref()).containsExactly("S-2");
    }

    @Test
    void aGrantLoadedAfterItsDeadlineIsJudgedByItsPaymentDate() {
        support.feed(granted("S-0", "100.00"), "2024-12-01T10:00:00");
        support.feed(granted("S-1", "1000.00"), "2024-09-01T10:00:00");
        support.feed(paid("S-1", "PAY-1", "1000.00", "2024-09-20"), "2024-09-20T10:00:00");
        RecordedEvent lateGrant = support.feed(granted("S-2", "1000.00"), "2024-09-01T10:00:00");
        RecordedEvent latePayment = support.feed(paid("S-2", "PAY-2", "1000.00", "2024-10-15"), "2024-10-15T10:00:00");
        support.feed(paid("S-0", "PAY-0", "100.00", "2024-12-02"), "2024-12-02T10:00:00");

        assertThat(support.alerts("R19")).singleElement().satisfies(alert -> {
            assertThat(alert.subject().ref()).isEqualTo("S-2");
            assertThat(alert.evidence()).containsExactly(lateGrant.ledgerEventId(), latePayment.ledgerEventId());
        });
    }

    @Test
    void theDeadlineIsAParameter() {
        R19PaymentDeadline rule = new R19PaymentDeadline(new RuleSettings(Map.of("R19", Map.of("payment-days", "31"))));
        FraudTestSupport configured = new FraudTestSupport(rule);
        unpaid(configured);

        assertThat(configured.alerts("R19")).isEmpty();
        assertThat(rule.parameters()).containsEntry("payment-days", "31");
    }

    @Test
    void aReplayRaisesTheSameAlerts() {
        FraudTestSupport replay = new FraudTestSupport(new R19PaymentDeadline(RuleSettings.DEFAULTS));
        for (FraudTestSupport s : List.of(support, replay)) {
            unpaid(s);
            s.feed(granted("S-4", "500.00"), "2024-11-30T08:00:00");
        }

        assertThat(support.alerts("R19")).hasSize(2);
        assertThat(replay.alerts("R19")).extracting(AlertView::alertId)
                .containsExactlyElementsOf(support.alerts("R19").stream().map(AlertView::alertId).toList());
    }
}
