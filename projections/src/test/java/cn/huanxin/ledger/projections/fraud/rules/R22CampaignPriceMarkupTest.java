package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_A;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_B;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_C;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class R22CampaignPriceMarkupTest {

    private static final String SUBJECT_A = MERCHANT_A.value() + "|REFRIGERATOR|海尔|BCD-470WGHTD";

    private final ChainFacts.Feed feed = feed(RuleSettings.DEFAULTS);
    private int serial;

    private static ChainFacts.Feed feed(RuleSettings settings) {
        return new ChainFacts.Feed(new FraudTestSupport(new R22CampaignPriceMarkup(settings)));
    }

    private String sell(ChainFacts.Feed to, cn.huanxin.ledger.core.common.EnterpriseId merchant, String price,
                        String at) {
        serial++;
        return to.at(at, sale("S-" + serial).by(merchant).price(price).build());
    }

    private String sell(cn.huanxin.ledger.core.common.EnterpriseId merchant, String price, String at) {
        return sell(feed, merchant, price, at);
    }

    /** The firing case, shared with the PostgreSQL run: a merchant lifts a model's price by a quarter. */
    static void aMerchantLiftingAModelByAQuarterRaisesOneAlert(ChainFacts.Feed feed) {
        List<String> before = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            before.add(feed.at("2024-08-0" + day + "T10:00:00", sale("S-P" + day).price("3000.00").build()));
        }
        String lifted = feed.at("2024-09-02T10:00:00", sale("S-P4").price("3750.00").build());

        assertThat(feed.alerts("R22")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("merchant-model", SUBJECT_A));
            assertThat(alert.window()).isEqualTo("2024-09");
            assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(alert.regionCode()).isEqualTo("320812");
            assertThat(alert.summaryEn()).contains("3750.00", "median 3000.00", "+25.0%");
            List<String> evidence = new ArrayList<>(List.of(lifted));
            evidence.addAll(before);
            assertThat(alert.evidence()).containsExactlyElementsOf(evidence);
        });
    }

    @Test
    void aMerchantLiftingAModelByAQuarterIsRaised() {
        aMerchantLiftingAModelByAQuarterRaisesOneAlert(feed);
    }

    @Test
    void tenPercentAboveTheMerchantsOwnMedianIsNotYetAMarkup() {
        for (int day = 1; day <= 3; day++) {
            sell(MERCHANT_A, "3000.00", "2024-08-0" + day + "T10:00:00");
        }
        sell(MERCHANT_A, "3300.00", "2024-08-10T10:00:00");
        assertThat(feed.alerts("R22")).isEmpty();

        String above = sell(MERCHANT_A, "3300.01", "2024-08-11T10:00:00");
        assertThat(feed.alerts("R22")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).first().isEqualTo(above));
    }

    @Test
    void theMerchantsOwnMedianNeedsAtLeastThreeEarlierGrants() {
        sell(MERCHANT_A, "3000.00", "2024-08-01T10:00:00");
        sell(MERCHANT_A, "3000.00", "2024-08-02T10:00:00");
        sell(MERCHANT_A, "5000.00", "2024-08-10T10:00:00");
        assertThat(feed.alerts("R22")).isEmpty();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddlePrices() {
        for (String price : List.of("3000.00", "3000.00", "4000.00", "4000.00")) {
            sell(MERCHANT_A, price, "2024-08-01T10:00:00");
        }
        // median 3500, the mean of 3000 and 4000: (1 + 10%) × 3500 = 3850 (the lower middle would make it
        // 3300, the upper 4400); grants of the same day are not earlier, so both compare with the four
        sell(MERCHANT_A, "3850.00", "2024-08-02T10:00:00");
        assertThat(feed.alerts("R22")).isEmpty();
        sell(MERCHANT_A, "3850.01", "2024-08-02T11:00:00");
        assertThat(feed.alerts("R22")).hasSize(1);
    }

    @Test
    void grantsOfTheSameDayAreNotEarlier() {
        for (int i = 0; i < 3; i++) {
            sell(MERCHANT_A, "3000.00", "2024-08-01T1" + i + ":00:00");
        }
        sell(MERCHANT_A, "5000.00", "2024-08-01T18:00:00");
        assertThat(feed.alerts("R22")).isEmpty();
    }

    @Test
    void earlierGrantsReachBackNinetyDaysAndNoFurther() {
        for (int i = 0; i < 3; i++) {
            sell(MERCHANT_A, "3000.00", "2024-06-01T1" + i + ":00:00");
        }
        // 2024-08-30 is 90 days after 2024-06-01
        ChainFacts.Feed ninety = feed(RuleSettings.DEFAULTS);
        feed.replayInto(ninety.support());
        sell(ninety, MERCHANT_A, "3500.00", "2024-08-30T10:00:00");
        assertThat(ninety.support().alerts("R22")).hasSize(1);

        sell(MERCHANT_A, "3500.00", "2024-08-31T10:00:00");
        assertThat(feed.alerts("R22")).isEmpty();
    }

    @Test
    void aGrantRecordedLaterIsNotEarlierWhateverItsDate() {
        sell(MERCHANT_A, "5000.00", "2024-08-10T10:00:00");
        for (int day = 1; day <= 3; day++) {
            sell(MERCHANT_A, "3000.00", "2024-08-0" + day + "T10:00:00");
        }
        assertThat(feed.alerts("R22")).isEmpty();

        // now the three are earlier, and the 5000 of the 10th with them: median 3000
        sell(MERCHANT_A, "5000.00", "2024-08-11T10:00:00");
        assertThat(feed.alerts("R22")).hasSize(1);
    }

    @Test
    void twentyPercentAboveTheOtherMerchantsMedianIsNotYetAMarkup() {
        List<String> market = new ArrayList<>();
        market.add(sell(MERCHANT_B, "3000.00", "2024-08-01T10:00:00"));
        market.add(sell(MERCHANT_B, "3000.00", "2024-08-02T10:00:00"));
        market.add(sell(MERCHANT_C, "3000.00", "2024-08-03T10:00:00"));
        sell(MERCHANT_A, "3600.00", "2024-08-10T10:00:00");
        assertThat(feed.alerts("R22")).isEmpty();

        String above = sell(MERCHANT_A, "3600.01", "2024-08-11T10:00:00");
        assertThat(feed.alerts("R22")).singleElement().satisfies(alert -> {
            assertThat(alert.subject().ref()).isEqualTo(SUBJECT_A);
            assertThat(alert.summaryEn()).contains("2 other merchants");
            List<String> evidence = new ArrayList<>(List.of(above));
            evidence.addAll(market);
            assertThat(alert.evidence()).containsExactlyElementsOf(evidence);
        });
    }

    /** The alert counts every other merchant, not only the two (K) that make the market median count. */
    @Test
    void theAlertNamesHowManyOtherMerchantsTheMarketMedianCameFrom() {
        sell(MERCHANT_B, "3000.00", "2024-08-01T10:00:00");
        sell(MERCHANT_C, "3000.00", "2024-08-02T10:00:00");
        sell(ChainFacts.enterprise(104), "3000.00", "2024-08-03T10:00:00");
        sell(ChainFacts.enterprise(105), "3100.00", "2024-08-04T10:00:00");
        sell(MERCHANT_A, "3800.00", "2024-08-11T10:00:00");
        assertThat(feed.alerts("R22")).singleElement().satisfies(alert -> {
            assertThat(alert.summaryEn()).contains("median 3000.00 of 4 grants of the model by 4 other merchants");
            assertThat(alert.summaryZh()).contains("高于其他 4 家商户");
        });
    }

    @Test
    void theMarketMedianNeedsThreeGrantsFromTwoOtherMerchants() {
        // three grants, one other merchant
        for (int day = 1; day <= 3; day++) {
            sell(MERCHANT_B, "3000.00", "2024-08-0" + day + "T10:00:00");
        }
        sell(MERCHANT_A, "5000.00", "2024-08-10T10:00:00");
        assertThat(feed.alerts("R22")).isEmpty();

        // two grants from two other merchants
        ChainFacts.Feed two = feed(RuleSettings.DEFAULTS);
        sell(two, MERCHANT_B, "3000.00", "2024-08-01T10:00:00");
        sell(two, MERCHANT_C, "3000.00", "2024-08-02T10:00:00");
        sell(two, MERCHANT_A, "5000.00", "2024-08-10T10:00:00");
        assertThat(two.alerts("R22")).isEmpty();
    }

    @Test
    void anotherModelOrAnotherMerchantsOwnHistoryIsNotCompared() {
        for (int day = 1; day <= 3; day++) {
            feed.at("2024-08-0" + day + "T10:00:00", sale("S-TV" + day).model(ProductCategory.TV, "海信", "65E5N")
                    .price("3000.00").build());
            sell(MERCHANT_B, "3000.00", "2024-08-0" + day + "T11:00:00");
        }
        // A's own refrigerator history is empty and the market for it has one merchant only
        sell(MERCHANT_A, "5000.00", "2024-08-10T10:00:00");
        assertThat(feed.alerts("R22")).isEmpty();
    }

    @Test
    void everyGrantWithAMerchantAndAPriceCountsWhateverItsProgramme() {
        for (int day = 1; day <= 3; day++) {
            feed.at("2024-08-0" + day + "T10:00:00", sale("S-D" + day).programme(Programme.DIGITAL)
                    .price("3000.00").build());
        }
        feed.at("2024-08-05T10:00:00", MerchantFacts.withoutMerchant("S-NONE"));
        sell(MERCHANT_A, "3400.00", "2024-08-10T10:00:00");
        assertThat(feed.alerts("R22")).hasSize(1);
    }

    @Test
    void oneAlertPerMerchantModelAndMonthLaterMarkupsAddThemselves() {
        List<String> before = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            before.add(sell(MERCHANT_A, "3000.00", "2024-08-0" + day + "T10:00:00"));
        }
        String first = sell(MERCHANT_A, "3750.00", "2024-09-02T10:00:00");
        String second = sell(MERCHANT_A, "3750.00", "2024-09-20T10:00:00");
        // four earlier: 3000 ×3 and 3750, median 3000; still a markup in October
        String october = sell(MERCHANT_A, "3750.00", "2024-10-01T10:00:00");

        List<String> september = new ArrayList<>(List.of(first));
        september.addAll(before);
        september.add(second);
        List<String> octoberEvidence = new ArrayList<>(List.of(october));
        octoberEvidence.addAll(before);
        octoberEvidence.add(first);
        octoberEvidence.add(second);
        assertThat(feed.alerts("R22")).extracting(AlertView::window, AlertView::evidence).containsExactly(
                Tuple.tuple("2024-09", september), Tuple.tuple("2024-10", octoberEvidence));
    }

    @Test
    void longEvidenceKeepsTheFirstAndLatestN() {
        FraudTestSupport support = new FraudTestSupport(2, new R22CampaignPriceMarkup(RuleSettings.DEFAULTS));
        ChainFacts.Feed bounded = new ChainFacts.Feed(support);
        List<String> before = new ArrayList<>();
        for (int day = 1; day <= 6; day++) {
            before.add(sell(bounded, MERCHANT_A, "3000.00", "2024-08-0" + day + "T10:00:00"));
        }
        String lifted = sell(bounded, MERCHANT_A, "4000.00", "2024-08-10T10:00:00");

        assertThat(bounded.alerts("R22")).singleElement().satisfies(alert -> {
            assertThat(alert.evidenceCount()).isEqualTo(7);
            assertThat(alert.evidence()).containsExactly(lifted, before.get(0), before.get(4), before.get(5));
        });
    }

    @Test
    void readsItsParametersFromTheSettings() {
        R22CampaignPriceMarkup strict = new R22CampaignPriceMarkup(RuleSettings.DEFAULTS.with(Map.of("R22", Map.of(
                "merchant-markup", "0.05", "market-markup", "0.5", "lookback-days", "10", "min-grants", "2",
                "min-merchants", "1"))));
        assertThat(strict.parameters()).isEqualTo(Map.of("merchant-markup", "0.05", "market-markup", "0.5",
                "lookback-days", "10", "min-grants", "2", "min-merchants", "1"));
        ChainFacts.Feed custom = new ChainFacts.Feed(new FraudTestSupport(strict));
        sell(custom, MERCHANT_A, "3000.00", "2024-08-01T10:00:00");
        sell(custom, MERCHANT_A, "3000.00", "2024-08-02T10:00:00");
        sell(custom, MERCHANT_A, "3160.00", "2024-08-11T10:00:00");
        assertThat(custom.alerts("R22")).hasSize(1);
        // eleven days back is out of a ten-day look-back
        sell(custom, MERCHANT_B, "3000.00", "2024-08-01T10:00:00");
        sell(custom, MERCHANT_B, "3000.00", "2024-08-02T10:00:00");
        sell(custom, MERCHANT_B, "3160.00", "2024-08-13T10:00:00");
        assertThat(custom.alerts("R22")).hasSize(1);

        assertThatThrownBy(() -> new R22CampaignPriceMarkup(RuleSettings.DEFAULTS.with(
                Map.of("R22", Map.of("merchant-markup", "-0.1"))))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new R22CampaignPriceMarkup(RuleSettings.DEFAULTS.with(
                Map.of("R22", Map.of("min-merchants", "0"))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        for (int day = 1; day <= 3; day++) {
            sell(MERCHANT_A, "3000.00", "2024-08-0" + day + "T10:00:00");
            sell(MERCHANT_B, "3000.00", "2024-08-0" + day + "T11:00:00");
            sell(MERCHANT_C, "3000.00", "2024-08-0" + day + "T12:00:00");
        }
        sell(MERCHANT_A, "3750.00", "2024-09-01T10:00:00");
        sell(MERCHANT_B, "3800.00", "2024-10-01T10:00:00");
        FraudTestSupport fresh = new FraudTestSupport(new R22CampaignPriceMarkup(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R22")).hasSize(2);
        assertThat(fresh.alerts("R22")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R22").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
