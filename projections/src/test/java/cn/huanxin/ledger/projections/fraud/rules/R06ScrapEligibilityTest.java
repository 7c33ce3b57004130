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
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_A;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.VIN_1;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.VIN_2;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.onlyAlert;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapGrant;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapped;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.vehicle;
import static org.assertj.core.api.Assertions.assertThat;

class R06ScrapEligibilityTest {

    private static FraudTestSupport support() {
        return new FraudTestSupport(new R06ScrapEligibility(RuleSettings.DEFAULTS));
    }

    /** The firing case, shared with the PostgreSQL run: a petrol car registered a day too late for 2024. */
    static void aCarRegisteredAfterTheThresholdRaisesAnAlertOnTheSubsidy(FraudTestSupport support) {
        RecordedEvent grant = support.feed(scrapGrant("S-R06-1", VIN_1), "2024-09-10T10:00:00");
        assertThat(support.alerts("R06")).isEmpty();
        RecordedEvent scrap = support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.PETROL,
                "2011-07-01", "2015-03-01", "2024-09-01"), "2024-09-11T10:00:00");

        AlertView alert = onlyAlert(support, "R06", Severity.MEDIUM, "subsidy", "S-R06-1", null,
                List.of(grant.ledgerEventId(), scrap.ledgerEventId()));
        assertThat(alert.summaryEn()).contains("registered on 2011-07-01", "after 2011-06-30");
    }

    @Test
    void aCarRegisteredAfterTheThresholdForItsFuelIsNotEligible() {
        aCarRegisteredAfterTheThresholdRaisesAnAlertOnTheSubsidy(support());
    }

    @Test
    void theScrapRecordMayArriveBeforeTheGrant() {
        FraudTestSupport support = support();
        RecordedEvent scrap = support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.NEV,
                "2018-05-01", "2019-01-01", "2024-09-01"), "2024-09-01T10:00:00");
        RecordedEvent grant = support.feed(scrapGrant("S-1", VIN_1), "2024-09-10T10:00:00");

        onlyAlert(support, "R06", Severity.MEDIUM, "subsidy", "S-1", null,
                List.of(grant.ledgerEventId(), scrap.ledgerEventId()));
    }

    @ParameterizedTest(name = "granted {0}: {1} registered {2}, owned since {3}: breach {4}")
    @CsvSource({
            "2024-09-10T10:00:00, PETROL, 2011-06-30, 2024-07-24, false",
            "2024-09-10T10:00:00, PETROL, 2011-06-30, 2024-07-25, true",
            "2024-09-10T10:00:00, DIESEL, 2013-06-30, 2020-01-01, false",
            "2024-09-10T10:00:00, DIESEL, 2013-07-01, 2020-01-01, true",
            "2024-09-10T10:00:00, OTHER, 2013-07-01, 2020-01-01, true",
            "2024-09-10T10:00:00, NEV, 2018-04-30, 2020-01-01, false",
            "2025-03-10T10:00:00, PETROL, 2012-06-30, 2025-01-07, false",
            "2025-03-10T10:00:00, PETROL, 2012-07-01, 2020-01-01, true",
            "2025-03-10T10:00:00, PETROL, 2011-06-30, 2025-01-08, true",
            "2025-03-10T10:00:00, NEV, 2018-12-31, 2020-01-01, false",
            "2025-03-10T10:00:00, NEV, 2019-01-01, 2020-01-01, true",
            "2025-03-10T10:00:00, DIESEL, 2014-06-30, 2020-01-01, false",
    })
    void theThresholdsAreThoseOfThePeriodThatContainsTheGrant(String grantedAt, Fuel fuel, String registeredOn,
                                                              String ownedSince, boolean breach) {
        FraudTestSupport support = support();
        support.feed(scrapGrant("S-1", VIN_1), grantedAt);
        support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, fuel, registeredOn, ownedSince,
                "2024-09-01"), grantedAt);

        assertThat(support.alerts("R06")).hasSize(breach ? 1 : 0);
    }

    @Test
    void grantsOutsideEveryPeriodOtherProgrammesAndUnmatchedVinsAreNotJudged() {
        FraudTestSupport support = support();
        // Granted before the 2024 period began: R07's finding.
        support.feed(scrapGrant("S-1", VIN_1), "2024-04-23T10:00:00");
        support.feed(vehicle("S-2", Programme.VEHICLE_REPLACEMENT, PERSON_A, ProductCategory.CAR_NEV, "15000.00",
                VIN_1), "2025-03-01T10:00:00");
        support.feed(scrapGrant("S-3", VIN_2), "2024-09-10T10:00:00");
        support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.PETROL, "2020-01-01", "2024-08-01",
                "2024-09-01"), "2024-09-11T10:00:00");

        assertThat(support.alerts("R06")).isEmpty();
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FraudTestSupport support = support();
            support.feed(scrapGrant("S-1", VIN_1), "2024-09-10T10:00:00");
            support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.PETROL, "2011-07-01",
                    "2024-08-01", "2024-09-01"), "2024-09-11T10:00:00");
            runs.add(support.alerts("R06").stream().map(AlertView::alertId).toList());
        }
        assertThat(runs.get(0)).hasSize(1);
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }
}
