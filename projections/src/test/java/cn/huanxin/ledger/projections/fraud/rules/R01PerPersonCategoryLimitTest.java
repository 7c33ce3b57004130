package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.DEALER;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_A;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_B;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.appliance;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.onlyAlert;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.product;
import static org.assertj.core.api.Assertions.assertThat;

class R01PerPersonCategoryLimitTest {

    private static FraudTestSupport support() {
        return new FraudTestSupport(new R01PerPersonCategoryLimit(RuleSettings.DEFAULTS));
    }

    /** The firing case, shared with the PostgreSQL run: two refrigerators for one person in 2024. */
    static void twoRefrigeratorsInOneYearRaiseOneAlert(FraudTestSupport support) {
        RecordedEvent first = support.feed(appliance("S-R01-1", PERSON_A, ProductCategory.REFRIGERATOR),
                "2024-09-01T10:00:00");
        assertThat(support.alerts("R01")).isEmpty();
        RecordedEvent second = support.feed(appliance("S-R01-2", PERSON_A, ProductCategory.REFRIGERATOR),
                "2024-11-20T15:30:00");
        AlertView alert = onlyAlert(support, "R01", Severity.HIGH, "person", PERSON_A.value(), "2024",
                List.of(first.ledgerEventId(), second.ledgerEventId()));
        assertThat(alert.regionCode()).isEqualTo("320812");
        assertThat(alert.summaryEn()).contains("REFRIGERATOR", "2024", "limit of 1");
    }

    @Test
    void secondItemOfOneCategoryInOneYearIsOverTheLimit() {
        twoRefrigeratorsInOneYearRaiseOneAlert(support());
    }

    @Test
    void laterItemsAddTheirEvidenceToTheSameAlert() {
        FraudTestSupport support = support();
        RecordedEvent a = support.feed(appliance("S-1", PERSON_A, ProductCategory.TV), "2024-08-02T09:00:00");
        RecordedEvent b = support.feed(appliance("S-2", PERSON_A, ProductCategory.TV), "2024-08-03T09:00:00");
        RecordedEvent c = support.feed(appliance("S-3", PERSON_A, ProductCategory.TV), "2024-12-30T09:00:00");

        onlyAlert(support, "R01", Severity.HIGH, "person", PERSON_A.value(), "2024",
                List.of(a.ledgerEventId(), b.ledgerEventId(), c.ledgerEventId()));
    }

    @Test
    void upToThreeAirConditionersArePermittedFrom2025ButNotAFourth() {
        FraudTestSupport support = support();
        RecordedEvent a = support.feed(appliance("S-1", PERSON_A, ProductCategory.AIR_CONDITIONER), "2025-03-01T09:00:00");
        RecordedEvent b = support.feed(appliance("S-2", PERSON_A, ProductCategory.AIR_CONDITIONER), "2025-03-01T09:05:00");
        RecordedEvent c = support.feed(appliance("S-3", PERSON_A, ProductCategory.AIR_CONDITIONER), "2025-06-01T09:00:00");
        assertThat(support.alerts("R01")).isEmpty();

        RecordedEvent d = support.feed(appliance("S-4", PERSON_A, ProductCategory.AIR_CONDITIONER), "2025-07-01T09:00:00");

        AlertView alert = onlyAlert(support, "R01", Severity.HIGH, "person", PERSON_A.value(), "2025",
                List.of(a.ledgerEventId(), b.ledgerEventId(), c.ledgerEventId(), d.ledgerEventId()));
        assertThat(alert.summaryEn()).contains("limit of 3");
    }

    @Test
    void secondAirConditionerIn2024IsOverTheLimitOfOne() {
        FraudTestSupport support = support();
        support.feed(appliance("S-1", PERSON_A, ProductCategory.AIR_CONDITIONER), "2024-09-01T09:00:00");
        support.feed(appliance("S-2", PERSON_A, ProductCategory.AIR_CONDITIONER), "2024-09-02T09:00:00");

        assertThat(support.alerts("R01")).hasSize(1);
    }

    @Test
    void theCalendarYearIsTheShanghaiYear() {
        FraudTestSupport support = support();
        // 2024-12-31 23:30 in Shanghai is 15:30 UTC; 2025-01-01 00:30 in Shanghai is still 2024 in UTC.
        support.feed(appliance("S-1", PERSON_A, ProductCategory.WASHING_MACHINE), "2024-12-31T23:30:00");
        support.feed(appliance("S-2", PERSON_A, ProductCategory.WASHING_MACHINE), "2025-01-01T00:30:00");

        assertThat(support.alerts("R01")).isEmpty();
    }

    @Test
    void otherCategoriesOtherPeopleEnterprisesAndOtherProgrammesDoNotCount() {
        FraudTestSupport support = support();
        support.feed(appliance("S-1", PERSON_A, ProductCategory.REFRIGERATOR), "2024-09-01T09:00:00");
        support.feed(appliance("S-2", PERSON_A, ProductCategory.TV), "2024-09-01T09:00:00");
        support.feed(appliance("S-3", PERSON_B, ProductCategory.REFRIGERATOR), "2024-09-01T09:00:00");
        support.feed(product("S-4", Programme.DIGITAL, PERSON_A, ProductCategory.PHONE, "IMEI-4", null,
                "3000.00", "450.00"), "2025-02-01T09:00:00");
        support.feed(product("S-5", Programme.DIGITAL, PERSON_A, ProductCategory.TABLET, "IMEI-5", null,
                "3000.00", "450.00"), "2025-02-01T09:00:00");
        support.feed(product("S-6", Programme.HOME_RENOVATION, PERSON_A, ProductCategory.REFRIGERATOR, "SN-6", 1,
                "3000.00", "600.00"), "2024-10-01T09:00:00");
        for (String id : List.of("S-7", "S-8")) {
            support.feed(new SubsidyGranted(SubsidyId.of(id), FundId.of("F-1"), RegionCode.of("320812"),
                    Programme.APPLIANCE, Beneficiary.enterprise(DEALER), null,
                    new Product(ProductCategory.REFRIGERATOR, "Haier", "M", "SN-" + id, 1, Money.parse("3000")),
                    null, Money.parse("600"), null, null, null), "2024-10-01T09:00:00");
        }

        assertThat(support.alerts("R01")).isEmpty();
    }

    @Test
    void eBikeGrantsWithoutAProductCountAsEBikes() {
        FraudTestSupport support = support();
        for (String id : List.of("S-1", "S-2")) {
            support.feed(new SubsidyGranted(SubsidyId.of(id), FundId.of("F-1"), RegionCode.of("320812"),
                    Programme.EBIKE, Beneficiary.person(PERSON_A), null, null, null, Money.parse("500"), null,
                    null, null), "2024-10-01T09:00:00");
        }

        assertThat(support.alerts("R01")).singleElement()
                .satisfies(alert -> assertThat(alert.summaryEn()).contains("EBIKE"));
    }

    @Test
    void theDefaultLimitOutsideEveryPeriodIsConfigurable() {
        FraudTestSupport support = new FraudTestSupport(new R01PerPersonCategoryLimit(
                new RuleSettings(Map.of("R01", Map.of("default-limit", "2")))));
        // 2024-07 is before the 2024 appliance period: the configured default applies.
        support.feed(appliance("S-1", PERSON_A, ProductCategory.TV), "2024-07-01T09:00:00");
        support.feed(appliance("S-2", PERSON_A, ProductCategory.TV), "2024-07-02T09:00:00");
        assertThat(support.alerts("R01")).isEmpty();

        support.feed(appliance("S-3", PERSON_A, ProductCategory.TV), "2024-07-03T09:00:00");
        assertThat(support.alerts("R01")).hasSize(1);
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        List<String> ids = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FraudTestSupport support = support();
            support.feed(appliance("S-1", PERSON_A, ProductCategory.TV), "2024-08-02T09:00:00");
            support.feed(appliance("S-2", PERSON_A, ProductCategory.TV), "2024-08-03T09:00:00");
            support.feed(appliance("S-3", PERSON_B, ProductCategory.STOVE), "2024-08-03T09:00:00");
            support.feed(appliance("S-4", PERSON_B, ProductCategory.STOVE), "2024-08-04T09:00:00");
            ids.add(String.join(",", support.alerts("R01").stream().map(AlertView::alertId).toList()));
        }
        assertThat(ids.get(0)).contains(",");
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
    }

    @Test
    void parametersShowTheDefaultLimit() {
        assertThat(new R01PerPersonCategoryLimit(RuleSettings.DEFAULTS).parameters()).containsEntry("default-limit", "1");
    }
}
