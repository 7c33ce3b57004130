package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.enterprise;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.grant;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.paid;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static org.assertj.core.api.Assertions.assertThat;

class R09SharedPayeeAccountTest {

    private static final Pseudonym ACCOUNT = ref(0xacc);

    private final ChainFacts.Feed feed = new ChainFacts.Feed(
            new FraudTestSupport(new R09SharedPayeeAccount(RuleSettings.DEFAULTS)));
    private int serial;

    /** Grants a subsidy to the person and pays it into the account on the given day; returns the payment's id. */
    private String payTo(Pseudonym account, Pseudonym person, String day) {
        serial++;
        feed.at(day + "T09:00:00", grant("S-" + serial).person(person).build());
        return feed.at(day + "T15:00:00", paid("S-" + serial, "P-" + serial, account, day));
    }

    @Test
    void raisesWhenFourPeoplesSubsidiesArePaidIntoOneAccountWithinThirtyDays() {
        List<String> evidence = new ArrayList<>();
        evidence.add(payTo(ACCOUNT, ref(1), "2024-09-01"));
        evidence.add(payTo(ACCOUNT, ref(2), "2024-09-10"));
        evidence.add(payTo(ACCOUNT, ref(1), "2024-09-12"));
        evidence.add(payTo(ACCOUNT, ref(3), "2024-09-20"));
        assertThat(feed.alerts("R09")).isEmpty();
        evidence.add(payTo(ACCOUNT, ref(4), "2024-09-30"));

        assertThat(feed.alerts("R09")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("account", ACCOUNT.value()));
            assertThat(alert.window()).isEqualTo("2024-09-01/2024-09-30");
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.evidence()).containsExactlyElementsOf(evidence);
        });
    }

    @Test
    void doesNotRaiseForFourPeopleOverThirtyOneDaysOrForThreePeoplePaidOften() {
        payTo(ACCOUNT, ref(1), "2024-09-01");
        payTo(ACCOUNT, ref(2), "2024-09-10");
        payTo(ACCOUNT, ref(3), "2024-09-20");
        payTo(ACCOUNT, ref(4), "2024-10-01");

        Pseudonym family = ref(0xfa);
        for (int i = 0; i < 9; i++) {
            payTo(family, ref(10 + i % 3), "2024-09-0" + (i + 1));
        }
        assertThat(feed.alerts("R09")).isEmpty();
    }

    @Test
    void countsAnEnterpriseBeneficiaryAsAPersonOfItsOwn() {
        payTo(ACCOUNT, ref(1), "2024-09-01");
        payTo(ACCOUNT, ref(2), "2024-09-02");
        payTo(ACCOUNT, ref(3), "2024-09-03");
        serial++;
        feed.at("2024-09-04T09:00:00", grant("S-" + serial).enterprise(enterprise(3)).build());
        feed.at("2024-09-04T15:00:00", paid("S-" + serial, "P-" + serial, ACCOUNT, "2024-09-04"));

        assertThat(feed.alerts("R09")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).hasSize(4));
    }

    @Test
    void readsItsLimitAndWindowFromTheSettings() {
        assertThat(new R09SharedPayeeAccount(RuleSettings.DEFAULTS).parameters())
                .isEqualTo(Map.of("max-beneficiaries", "3", "window-days", "30"));
        R09SharedPayeeAccount rule = new R09SharedPayeeAccount(RuleSettings.DEFAULTS.with(
                Map.of("R09", Map.of("max-beneficiaries", "1", "window-days", "2"))));
        ChainFacts.Feed strict = new ChainFacts.Feed(new FraudTestSupport(rule));
        strict.at("2024-09-01T09:00:00", grant("S-1").person(ref(1)).build());
        strict.at("2024-09-01T10:00:00", paid("S-1", "P-1", ACCOUNT, "2024-09-01"));
        strict.at("2024-09-03T09:00:00", grant("S-2").person(ref(2)).build());
        strict.at("2024-09-03T10:00:00", paid("S-2", "P-2", ACCOUNT, "2024-09-03"));
        assertThat(strict.alerts("R09")).isEmpty();
        strict.at("2024-09-04T09:00:00", grant("S-3").person(ref(3)).build());
        strict.at("2024-09-04T10:00:00", paid("S-3", "P-3", ACCOUNT, "2024-09-04"));
        assertThat(strict.alerts("R09")).singleElement()
                .satisfies(alert -> assertThat(alert.window()).isEqualTo("2024-09-03/2024-09-04"));
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        for (int i = 0; i < 6; i++) {
            payTo(ACCOUNT, ref(i), "2024-09-1" + i);
        }
        FraudTestSupport fresh = new FraudTestSupport(new R09SharedPayeeAccount(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R09")).hasSize(1);
        assertThat(fresh.alerts("R09")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R09").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
