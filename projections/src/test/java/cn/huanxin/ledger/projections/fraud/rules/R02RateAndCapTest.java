package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_A;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.VIN_1;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.onlyAlert;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.product;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.vehicle;
import static org.assertj.core.api.Assertions.assertThat;

class R02RateAndCapTest {

    private static FraudTestSupport support() {
        return new FraudTestSupport(new R02RateAndCap(RuleSettings.DEFAULTS));
    }

    private static SubsidyGranted appliance(String id, ProductCategory category, Integer grade, String price,
                                            String amount) {
        return product(id, Programme.APPLIANCE, PERSON_A, category, "SN-" + id, grade, price, amount);
    }

    /** The firing case, shared with the PostgreSQL run: grade 2 paid at the grade-1 rate. */
    static void gradeTwoPaidAtTheGradeOneRateIsABreach(FraudTestSupport support) {
        RecordedEvent grant = support.feed(appliance("S-R02-1", ProductCategory.REFRIGERATOR, 2, "4000.00", "800.00"),
                "2024-09-01T10:00:00");
        AlertView alert = onlyAlert(support, "R02", Severity.HIGH, "subsidy", "S-R02-1", null,
                List.of(grant.ledgerEventId()));
        assertThat(alert.summaryEn()).contains("800.00", "600.00");
    }

    @Test
    void anAmountAboveTheRateForTheGradeIsABreach() {
        gradeTwoPaidAtTheGradeOneRateIsABreach(support());
    }

    @ParameterizedTest(name = "{0} grade {1} price {2} amount {3} ({5})")
    @CsvSource({
            "2024-09-01T10:00:00, 2, 4000.00, 600.00, false, 15% at grade 2",
            "2024-09-01T10:00:00, 1, 4000.00, 800.00, false, 20% at grade 1",
            "2024-09-01T10:00:00, 1, 9999.95, 1999.99, false, one fen under the cap",
            "2024-09-01T10:00:00, 1, 20000.00, 2000.00, false, capped",
            "2024-09-01T10:00:00, 1, 20000.00, 2000.01, false, one fen over the cap is within the tolerance",
            "2024-09-01T10:00:00, 1, 20000.00, 2000.02, true, two fen over the cap",
            "2024-09-01T10:00:00, 2, 3333.33, 500.00, false, 499.9995 rounds half up to 500.00",
            "2024-09-01T10:00:00, 2, 3333.33, 499.99, false, a merchant rounding down is within the tolerance",
            "2024-09-01T10:00:00, 2, 3333.33, 499.98, true, two fen short",
            "2024-09-01T10:00:00, 3, 3000.00, 450.00, true, grade 3 gets nothing",
            "2026-03-01T10:00:00, 1, 12000.00, 1500.00, false, 2026 cap",
            "2026-03-01T10:00:00, 1, 4000.00, 600.00, false, 2026 rate",
            "2026-03-01T10:00:00, 1, 4000.00, 800.00, true, 2026 grade 1 is 15%",
            "2026-03-01T10:00:00, 2, 4000.00, 600.00, true, 2026 grade 2 gets nothing",
    })
    void applianceAmountsAreMinOfRateTimesPriceAndCap(String at, int grade, String price, String amount,
                                                      boolean breach, String why) {
        FraudTestSupport support = support();
        support.feed(appliance("S-1", ProductCategory.TV, grade, price, amount), at);

        assertThat(support.alerts("R02")).hasSize(breach ? 1 : 0);
    }

    @Test
    void anApplianceWithoutAnEnergyGradeGetsNothing() {
        FraudTestSupport support = support();
        support.feed(appliance("S-1", ProductCategory.TV, null, "3000.00", "450.00"), "2024-09-01T10:00:00");

        assertThat(support.alerts("R02")).hasSize(1);
    }

    @Test
    void aCategoryAddedIn2025IsNotEligibleIn2024() {
        FraudTestSupport support = support();
        support.feed(appliance("S-1", ProductCategory.MICROWAVE, 1, "1000.00", "200.00"), "2024-09-01T10:00:00");
        support.feed(appliance("S-2", ProductCategory.MICROWAVE, 1, "1000.00", "200.00"), "2025-02-01T10:00:00");

        assertThat(support.alerts("R02")).singleElement().satisfies(alert -> {
            assertThat(alert.subject().ref()).isEqualTo("S-1");
            assertThat(alert.summaryEn()).contains("MICROWAVE is not an eligible category");
        });
    }

    @ParameterizedTest(name = "{1} {2} amount {3}: breach {4}")
    @CsvSource({
            "PHONE, 6000.00, 500.00, false",
            "PHONE, 6000.01, 500.00, true",
            "TABLET, 2000.00, 300.00, false",
            "SMARTWATCH, 2000.00, 400.00, true",
            "TV, 2000.00, 300.00, true",
    })
    void digitalProductsAreFifteenPercentCappedAtFiveHundredUpToSixThousand(ProductCategory category, String price,
                                                                         String amount, boolean breach) {
        FraudTestSupport support = support();
        support.feed(product("S-1", Programme.DIGITAL, PERSON_A, category, "IMEI-1", null, price, amount),
                "2025-03-01T10:00:00");

        assertThat(support.alerts("R02")).hasSize(breach ? 1 : 0);
    }

    @ParameterizedTest(name = "{0} {1} {2}: breach {3}")
    @CsvSource({
            "VEHICLE_SCRAP, CAR_NEV, 20000.00, false",
            "VEHICLE_SCRAP, CAR_FUEL, 15000.00, false",
            "VEHICLE_SCRAP, CAR_FUEL, 20000.00, true",
            "VEHICLE_SCRAP, CAR_NEV, 15000.00, true",
            "VEHICLE_SCRAP, TV, 20000.00, true",
            "VEHICLE_REPLACEMENT, CAR_NEV, 15000.00, false",
            "VEHICLE_REPLACEMENT, CAR_NEV, 8000.00, false",
            "VEHICLE_REPLACEMENT, CAR_FUEL, 13000.00, false",
            "VEHICLE_REPLACEMENT, CAR_FUEL, 15000.00, true",
            "VEHICLE_REPLACEMENT, CAR_NEV, 15000.02, true",
    })
    void vehicleSubsidiesHaveFixedAmountsAndCaps(Programme programme, ProductCategory car, String amount,
                                                 boolean breach) {
        FraudTestSupport support = support();
        support.feed(vehicle("S-1", programme, PERSON_A, car, amount, VIN_1), "2025-03-01T10:00:00");

        assertThat(support.alerts("R02")).hasSize(breach ? 1 : 0);
    }

    @Test
    void anEBikeSubsidyAboveTheLocalCapIsABreach() {
        FraudTestSupport support = support();
        support.feed(product("S-1", Programme.EBIKE, PERSON_A, ProductCategory.EBIKE, "F-1", null, "3000.00", "500.00"),
                "2025-03-01T10:00:00");
        support.feed(product("S-2", Programme.EBIKE, PERSON_A, ProductCategory.EBIKE, "F-2", null, "3000.00", "600.00"),
                "2025-03-01T10:00:00");

        assertThat(support.alerts("R02")).singleElement()
                .satisfies(alert -> assertThat(alert.subject().ref()).isEqualTo("S-2"));
    }

    @Test
    void grantsOutsideEveryPeriodAndProgrammesWithoutPolicyAreNotJudged() {
        FraudTestSupport support = support();
        // Before the 2024 appliance period: R07's finding, not R02's.
        support.feed(appliance("S-1", ProductCategory.TV, 1, "3000.00", "9999.00"), "2024-07-31T23:59:59");
        support.feed(product("S-2", Programme.HOME_RENOVATION, PERSON_A, ProductCategory.FURNITURE, "SN-2", null,
                "3000.00", "9999.00"), "2025-03-01T10:00:00");

        assertThat(support.alerts("R02")).isEmpty();
    }

    @Test
    void theToleranceIsAParameter() {
        FraudTestSupport support = new FraudTestSupport(new R02RateAndCap(
                new RuleSettings(Map.of("R02", Map.of("tolerance", "0")))));
        support.feed(appliance("S-1", ProductCategory.TV, 2, "3333.33", "499.99"), "2024-09-01T10:00:00");

        assertThat(support.alerts("R02")).hasSize(1);
        assertThat(new R02RateAndCap(RuleSettings.DEFAULTS).parameters()).containsEntry("tolerance", "0.01");
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FraudTestSupport support = support();
            support.feed(appliance("S-1", ProductCategory.TV, 2, "4000.00", "800.00"), "2024-09-01T10:00:00");
            support.feed(vehicle("S-2", Programme.VEHICLE_SCRAP, PERSON_A, ProductCategory.CAR_FUEL, "20000.00",
                    VIN_1), "2024-09-01T10:00:00");
            runs.add(support.alerts("R02").stream().map(AlertView::alertId).toList());
        }
        assertThat(runs.get(0)).hasSize(2);
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }
}
