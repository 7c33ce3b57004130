package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.FUND;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.OTHER_REGION;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.REGION;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.allocated;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.granted;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.reclaimed;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.reversed;
import static org.assertj.core.api.Assertions.assertThat;

class R17QuotaOverdrawTest {

    private final FraudTestSupport support = new FraudTestSupport(new R17QuotaOverdraw(RuleSettings.DEFAULTS));

    /** The firing case, shared with the PostgreSQL run: the second grant takes the quota 1,000 yuan below zero. */
    static RecordedEvent overdrawn(FraudTestSupport support) {
        support.feed(allocated(FUND, "ALC-1", REGION, "10000.00"), "2024-07-31T09:00:00");
        support.feed(allocated(FUND, "ALC-2", OTHER_REGION, "50000.00"), "2024-07-31T09:30:00");
        support.feed(granted("S-1", "6000.00"), "2024-09-01T10:00:00");
        return support.feed(granted("S-2", "5000.00"), "2024-09-02T10:00:00");
    }

    @Test
    void raisesWhenGrantsTakeTheAvailableQuotaBelowZero() {
        RecordedEvent crossing = overdrawn(support);

        List<AlertView> alerts = support.alerts("R17");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("fund-region", FUND + "|" + REGION));
        assertThat(alert.window()).isNull();
        assertThat(alert.regionCode()).isEqualTo(REGION);
        assertThat(alert.evidence()).containsExactly(crossing.ledgerEventId());
    }

    @Test
    void laterDrawsWhileBelowZeroAreEvidenceButTopUpsAreNot() {
        RecordedEvent crossing = overdrawn(support);
        support.feed(allocated(FUND, "ALC-3", REGION, "500.00"), "2024-09-03T09:00:00");
        RecordedEvent deeper = support.feed(granted("S-3", "100.00"), "2024-09-03T10:00:00");
        support.feed(allocated(FUND, "ALC-4", REGION, "10000.00"), "2024-09-04T09:00:00");
        support.feed(granted("S-4", "100.00"), "2024-09-04T10:00:00");

        assertThat(support.alerts("R17")).singleElement().satisfies(alert ->
                assertThat(alert.evidence()).containsExactly(crossing.ledgerEventId(), deeper.ledgerEventId()));
    }

    @Test
    void spendingTheQuotaExactlyIsAllowedAndReversalsReturnIt() {
        support.feed(allocated(FUND, "ALC-1", REGION, "10000.00"), "2024-07-31T09:00:00");
        support.feed(granted("S-1", "6000.00"), "2024-09-01T10:00:00");
        support.feed(reversed("S-1", "REV-1", "1000.00"), "2024-09-01T11:00:00");
        support.feed(granted("S-2", "5000.00"), "2024-09-02T10:00:00");
        support.feed(reclaimed(FUND, "RCL-1", OTHER_REGION, "0.01"), "2024-09-02T11:00:00");

        assertThat(support.alerts("R17")).extracting(a -> a.subject().ref()).containsExactly(FUND + "|" + OTHER_REGION);
    }

    @Test
    void aReclaimOfSpentQuotaOverdraws() {
        support.feed(allocated(FUND, "ALC-1", REGION, "10000.00"), "2024-07-31T09:00:00");
        support.feed(granted("S-1", "6000.00"), "2024-09-01T10:00:00");
        support.feed(reclaimed(FUND, "RCL-1", REGION, "4000.00"), "2024-12-30T10:00:00");
        assertThat(support.alerts("R17")).isEmpty();

        RecordedEvent reclaim = support.feed(reclaimed(FUND, "RCL-2", REGION, "0.01"), "2024-12-31T10:00:00");

        assertThat(support.alerts("R17")).singleElement().satisfies(alert ->
                assertThat(alert.evidence()).containsExactly(reclaim.ledgerEventId()));
    }

    @Test
    void aGrantDrawsOnItsOwnFundAndRegion() {
        support.feed(allocated(FUND, "ALC-1", REGION, "10000.00"), "2024-07-31T09:00:00");
        support.feed(allocated("FUND-2024-320803", "ALC-2", OTHER_REGION, "10000.00"), "2024-07-31T09:00:00");
        RecordedEvent elsewhere = support.feed(granted("S-1", FUND, OTHER_REGION, "100.00"), "2024-09-01T10:00:00");
        support.feed(granted("S-2", "FUND-2024-320803", OTHER_REGION, "10000.00"), "2024-09-01T11:00:00");

        assertThat(support.alerts("R17")).singleElement().satisfies(alert -> {
            assertThat(alert.subject().ref()).isEqualTo(FUND + "|" + OTHER_REGION);
            assertThat(alert.evidence()).containsExactly(elsewhere.ledgerEventId());
        });
    }

    @Test
    void aReplayRaisesTheSameAlerts() {
        FraudTestSupport replay = new FraudTestSupport(new R17QuotaOverdraw(RuleSettings.DEFAULTS));
        for (FraudTestSupport s : List.of(support, replay)) {
            overdrawn(s);
            s.feed(reclaimed(FUND, "RCL-1", OTHER_REGION, "50000.01"), "2024-12-31T10:00:00");
        }

        assertThat(support.alerts("R17")).hasSize(2);
        assertThat(replay.alerts("R17")).extracting(AlertView::alertId)
                .containsExactlyElementsOf(support.alerts("R17").stream().map(AlertView::alertId).toList());
    }
}
