package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_A;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.VIN_1;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.VIN_2;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.onlyAlert;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapGrant;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapped;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.vehicle;
import static org.assertj.core.api.Assertions.assertThat;

class R21IneligibleVehicleClassTest {

    private static FraudTestSupport support() {
        return new FraudTestSupport(new R21IneligibleVehicleClass(RuleSettings.DEFAULTS));
    }

    private static RecordedEvent scrap(FraudTestSupport support, String vin, VehicleClass vehicleClass, String at) {
        return support.feed(scrapped(vin, "CERT-" + vin, vehicleClass, Fuel.DIESEL, "2010-01-01", "2015-01-01",
                "2024-09-01"), at);
    }

    /** The firing case, shared with the PostgreSQL run: a light truck behind a scrap subsidy. */
    static void aTruckBehindAScrapSubsidyRaisesAnAlertOnTheSubsidy(FraudTestSupport support) {
        RecordedEvent grant = support.feed(scrapGrant("S-R21-1", VIN_1), "2024-09-10T10:00:00");
        assertThat(support.alerts("R21")).isEmpty();
        RecordedEvent scrap = scrap(support, VIN_1, VehicleClass.LIGHT_TRUCK, "2024-09-11T10:00:00");

        AlertView alert = onlyAlert(support, "R21", Severity.HIGH, "subsidy", "S-R21-1", null,
                List.of(grant.ledgerEventId(), scrap.ledgerEventId()));
        assertThat(alert.summaryEn()).contains("LIGHT_TRUCK");
    }

    @Test
    void aTruckIsNotASmallOrMicroPassengerCar() {
        aTruckBehindAScrapSubsidyRaisesAnAlertOnTheSubsidy(support());
    }

    @Test
    void aReplacementWhoseOldCarWasScrappedEarlierIsJudgedToo() {
        FraudTestSupport support = support();
        RecordedEvent scrap = scrap(support, VIN_1, VehicleClass.MEDIUM_PASSENGER, "2025-02-01T10:00:00");
        RecordedEvent grant = support.feed(vehicle("S-1", Programme.VEHICLE_REPLACEMENT, PERSON_A,
                ProductCategory.CAR_NEV, "15000.00", VIN_1), "2025-03-01T10:00:00");

        onlyAlert(support, "R21", Severity.HIGH, "subsidy", "S-1", null,
                List.of(grant.ledgerEventId(), scrap.ledgerEventId()));
    }

    @ParameterizedTest
    @EnumSource(value = VehicleClass.class, names = {"SMALL_PASSENGER", "MICRO_PASSENGER"})
    void smallAndMicroPassengerCarsAreEligible(VehicleClass vehicleClass) {
        FraudTestSupport support = support();
        scrap(support, VIN_1, vehicleClass, "2024-09-01T10:00:00");
        support.feed(scrapGrant("S-1", VIN_1), "2024-09-10T10:00:00");

        assertThat(support.alerts("R21")).isEmpty();
    }

    @Test
    void aTruckNobodyClaimedASubsidyForAndAReplacementWithoutAScrapRecordAreNotJudged() {
        FraudTestSupport support = support();
        scrap(support, VIN_1, VehicleClass.HEAVY_TRUCK, "2024-09-01T10:00:00");
        support.feed(vehicle("S-1", Programme.VEHICLE_REPLACEMENT, PERSON_A, ProductCategory.CAR_NEV, "15000.00",
                VIN_2), "2025-03-01T10:00:00");

        assertThat(support.alerts("R21")).isEmpty();
    }

    @Test
    void theEligibleClassesAreAParameter() {
        FraudTestSupport support = new FraudTestSupport(new R21IneligibleVehicleClass(
                new RuleSettings(Map.of("R21", Map.of("eligible-classes", "SMALL_PASSENGER")))));
        scrap(support, VIN_1, VehicleClass.MICRO_PASSENGER, "2024-09-01T10:00:00");
        support.feed(scrapGrant("S-1", VIN_1), "2024-09-10T10:00:00");

        assertThat(support.alerts("R21")).hasSize(1);
        assertThat(new R21IneligibleVehicleClass(RuleSettings.DEFAULTS).parameters())
                .containsEntry("eligible-classes", "SMALL_PASSENGER,MICRO_PASSENGER");
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FraudTestSupport support = support();
            support.feed(scrapGrant("S-1", VIN_1), "2024-09-10T10:00:00");
            scrap(support, VIN_1, VehicleClass.LARGE_PASSENGER, "2024-09-11T10:00:00");
            runs.add(support.alerts("R21").stream().map(AlertView::alertId).toList());
        }
        assertThat(runs.get(0)).hasSize(1);
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }
}
