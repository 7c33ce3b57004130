package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_A;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_B;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class R24MerchantBurstTest {

    private final ChainFacts.Feed feed = feed(RuleSettings.DEFAULTS);
    private int serial;

    private static ChainFacts.Feed feed(RuleSettings settings) {
        return new ChainFacts.Feed(new FraudTestSupport(new R24MerchantBurst(settings)));
    }

    private static List<String> grants(ChainFacts.Feed feed, EnterpriseId merchant, LocalDate day, int count,
                                       String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String at = day + "T" + String.format("%02d:%02d:00", 8 + i / 60, i % 60);
            ids.add(feed.at(at, sale(prefix + "-" + day + "-" + i).by(merchant).build()));
        }
        return ids;
    }

    private List<String> grants(EnterpriseId merchant, LocalDate day, int count) {
        return grants(feed, merchant, day, count, "S" + ++serial);
    }

    /** The firing case, shared with the PostgreSQL run: 60 grants in a day after four weeks of three. */
    static void aDayOfSixtyAfterWeeksOfThreeRaisesOneAlert(ChainFacts.Feed feed) {
        LocalDate start = LocalDate.parse("2024-08-01");
        for (int day = 0; day < 28; day++) {
            grants(feed, MERCHANT_A, start.plusDays(day), 3, "W");
        }
        assertThat(feed.alerts("R24")).isEmpty();
        List<String> burst = grants(feed, MERCHANT_A, LocalDate.parse("2024-08-29"), 60, "B");

        assertThat(feed.alerts("R24")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("merchant-day", MERCHANT_A.value() + "|2024-08-29"));
            assertThat(alert.window()).isEqualTo("2024-08-29");
            assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(alert.regionCode()).isEqualTo("320812");
            assertThat(alert.summaryEn()).contains("60 subsidies on 2024-08-29", "daily average of 3.00");
            assertThat(alert.evidence()).containsExactlyElementsOf(burst);
        });
    }

    @Test
    void aDayOfSixtyAfterWeeksOfThreeIsRaised() {
        aDayOfSixtyAfterWeeksOfThreeRaisesOneAlert(feed);
    }

    @Test
    void aMerchantWithoutHistoryIsRaisedAtTwentyGrantsInADayNotNineteen() {
        LocalDate day = LocalDate.parse("2024-09-01");
        List<String> first = grants(MERCHANT_A, day, 19);
        assertThat(feed.alerts("R24")).isEmpty();

        first.addAll(grants(MERCHANT_A, day, 1));
        assertThat(feed.alerts("R24")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).containsExactlyElementsOf(first));
    }

    @Test
    void aDayMustBeMoreThanFiveTimesTheAverage() {
        // four grants a day in the 28 days before: an average of 4, so 20 grants are five times it and no more
        LocalDate day = LocalDate.parse("2024-09-29");
        for (int back = 28; back >= 1; back--) {
            grants(MERCHANT_A, day.minusDays(back), 4);
        }
        grants(MERCHANT_A, day, 20);
        assertThat(feed.alerts("R24")).isEmpty();

        grants(MERCHANT_A, day, 1);
        assertThat(feed.alerts("R24")).singleElement()
                .satisfies(alert -> assertThat(alert.window()).isEqualTo(day.toString()));
    }

    @Test
    void theAverageCoversTwentyEightDaysAndNoMore() {
        // 112 grants 29 days before (a burst of their own, with no history) count for nothing: 20 are enough
        LocalDate day = LocalDate.parse("2024-09-29");
        grants(MERCHANT_A, day.minusDays(29), 112);
        grants(MERCHANT_A, day, 20);

        assertThat(feed.alerts("R24")).extracting(a -> a.subject().ref())
                .containsExactly(MERCHANT_A.value() + "|" + day.minusDays(29), MERCHANT_A.value() + "|" + day);
    }

    @Test
    void grantsOfOtherMerchantsAndWithoutAMerchantDoNotCount() {
        LocalDate day = LocalDate.parse("2024-09-01");
        grants(MERCHANT_A, day, 10);
        grants(MERCHANT_B, day, 10);
        for (int i = 0; i < 10; i++) {
            feed.at(day + "T15:00:00", MerchantFacts.withoutMerchant("S-NONE-" + i));
        }
        assertThat(feed.alerts("R24")).isEmpty();
    }

    @Test
    void daysAreCalendarDaysInShanghai() {
        // 19 grants at 23:30 on the 1st and one at 00:30 on the 2nd: two days, neither with 20
        for (int i = 0; i < 19; i++) {
            feed.at("2024-09-01T23:" + (10 + i) + ":00", sale("S-L" + i).build());
        }
        feed.at("2024-09-02T00:30:00", sale("S-M").build());
        assertThat(feed.alerts("R24")).isEmpty();
    }

    @Test
    void laterGrantsOfTheDayAddThemselvesToItsOneAlert() {
        LocalDate day = LocalDate.parse("2024-09-01");
        List<String> all = grants(MERCHANT_A, day, 25);
        grants(MERCHANT_A, day.plusDays(1), 3);

        assertThat(feed.alerts("R24")).singleElement().satisfies(alert -> {
            assertThat(alert.evidence()).containsExactlyElementsOf(all);
            assertThat(alert.evidenceCount()).isEqualTo(25);
        });
    }

    @Test
    void readsOnlyGrantsSoReversedGrantsStillCount() {
        assertThat(new R24MerchantBurst(RuleSettings.DEFAULTS).reads()).isEqualTo(Set.of(SubsidyGranted.class));
    }

    @Test
    void longEvidenceKeepsTheFirstAndLatestN() {
        ChainFacts.Feed bounded = new ChainFacts.Feed(new FraudTestSupport(3, new R24MerchantBurst(
                RuleSettings.DEFAULTS.with(Map.of("R24", Map.of("min-grants", "8", "multiple", "1"))))));
        LocalDate day = LocalDate.parse("2024-09-01");
        List<String> ids = grants(bounded, MERCHANT_A, day, 8, "X");

        assertThat(bounded.alerts("R24")).singleElement().satisfies(alert -> {
            assertThat(alert.evidenceCount()).isEqualTo(8);
            assertThat(alert.evidence()).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(5), ids.get(6),
                    ids.get(7));
        });
    }

    @Test
    void readsItsParametersFromTheSettings() {
        R24MerchantBurst rule = new R24MerchantBurst(RuleSettings.DEFAULTS.with(
                Map.of("R24", Map.of("min-grants", "4", "multiple", "1.5"))));
        assertThat(rule.parameters()).isEqualTo(Map.of("min-grants", "4", "multiple", "1.5"));
        assertThat(new R24MerchantBurst(RuleSettings.DEFAULTS).parameters())
                .isEqualTo(Map.of("min-grants", "20", "multiple", "5"));
        ChainFacts.Feed custom = feed(RuleSettings.DEFAULTS.with(
                Map.of("R24", Map.of("min-grants", "3", "multiple", "1.5"))));
        LocalDate day = LocalDate.parse("2024-09-29");
        // 56 grants the day before (a burst of their own): an average of 2, so 1.5 × 2 = 3 grants are not more
        grants(custom, MERCHANT_A, day.minusDays(1), 56, "P");
        grants(custom, MERCHANT_A, day, 3, "Q");
        assertThat(custom.alerts("R24")).extracting(AlertView::window).containsExactly(day.minusDays(1).toString());
        grants(custom, MERCHANT_A, day, 1, "R");
        assertThat(custom.alerts("R24")).extracting(AlertView::window)
                .containsExactly(day.minusDays(1).toString(), day.toString());

        assertThatThrownBy(() -> new R24MerchantBurst(RuleSettings.DEFAULTS.with(
                Map.of("R24", Map.of("min-grants", "0"))))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new R24MerchantBurst(RuleSettings.DEFAULTS.with(
                Map.of("R24", Map.of("multiple", "many"))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        LocalDate day = LocalDate.parse("2024-09-01");
        grants(MERCHANT_A, day, 22);
        grants(MERCHANT_B, day.plusDays(1), 21);
        FraudTestSupport fresh = new FraudTestSupport(new R24MerchantBurst(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R24")).hasSize(2);
        assertThat(fresh.alerts("R24")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R24").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
