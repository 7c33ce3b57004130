package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.grant;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static org.assertj.core.api.Assertions.assertThat;

class R10InvoiceReuseTest {

    private final ChainFacts.Feed feed = new ChainFacts.Feed(new FraudTestSupport(new R10InvoiceReuse(RuleSettings.DEFAULTS)));

    @Test
    void raisesWhenOneInvoiceIsBehindTwoSubsidiesAndAddsTheThird() {
        String first = feed.at("2024-09-01T10:00:00", grant("S-1").person(ref(1)).invoice("FP-0001").build());
        assertThat(feed.alerts("R10")).isEmpty();
        String second = feed.at("2024-09-20T10:00:00", grant("S-2").person(ref(2)).invoice("FP-0001").build());

        assertThat(feed.alerts("R10")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("invoice", "FP-0001"));
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.window()).isNull();
            assertThat(alert.evidence()).containsExactly(first, second);
        });

        String third = feed.at("2025-03-01T10:00:00", grant("S-3").person(ref(3)).invoice("FP-0001").build());
        assertThat(feed.alerts("R10")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).containsExactly(first, second, third));
    }

    @Test
    void doesNotRaiseForDistinctInvoicesOrGrantsWithoutOne() {
        feed.at("2024-09-01T10:00:00", grant("S-1").invoice("FP-0001").build());
        feed.at("2024-09-01T10:01:00", grant("S-2").invoice("FP-00010").build());
        feed.at("2024-09-01T10:02:00", grant("S-3").invoice("fp-0001").build());
        feed.at("2024-09-01T10:03:00", grant("S-4").build());
        feed.at("2024-09-01T10:04:00", grant("S-5").build());

        assertThat(feed.alerts("R10")).isEmpty();
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        feed.at("2024-09-01T10:00:00", grant("S-1").invoice("FP-1").build());
        feed.at("2024-09-02T10:00:00", grant("S-2").invoice("FP-1").build());
        feed.at("2024-09-03T10:00:00", grant("S-3").invoice("FP-2").build());
        feed.at("2024-09-04T10:00:00", grant("S-4").invoice("FP-2").build());
        FraudTestSupport fresh = new FraudTestSupport(new R10InvoiceReuse(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R10")).hasSize(2);
        assertThat(fresh.alerts("R10")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R10").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
