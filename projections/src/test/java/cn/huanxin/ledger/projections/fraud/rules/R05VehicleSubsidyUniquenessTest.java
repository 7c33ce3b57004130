package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_A;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.PERSON_B;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.VIN_1;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.VIN_2;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.onlyAlert;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapGrant;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapped;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.vehicle;
import static org.assertj.core.api.Assertions.assertThat;

class R05VehicleSubsidyUniquenessTest {

    private static FraudTestSupport support() {
        return new FraudTestSupport(new R05VehicleSubsidyUniqueness(RuleSettings.DEFAULTS));
    }

    /** The firing case, shared with the PostgreSQL run: one old car behind a scrap and a replacement subsidy. */
    static void oneOldVinBehindTwoSubsidiesRaisesOneAlert(FraudTestSupport support) {
        RecordedEvent scrap = support.feed(scrapGrant("S-R05-1", VIN_1), "2025-03-01T10:00:00");
        assertThat(support.alerts("R05")).isEmpty();
        RecordedEvent replacement = support.feed(vehicle("S-R05-2", Programme.VEHICLE_REPLACEMENT, PERSON_B,
                ProductCategory.CAR_NEV, "15000.00", VIN_1), "2025-04-01T10:00:00");

        onlyAlert(support, "R05", Severity.HIGH, "vin", VIN_1, null,
                List.of(scrap.ledgerEventId(), replacement.ledgerEventId()));
    }

    @Test
    void oneOldVehicleBehindTwoSubsidiesIsADoubleClaim() {
        oneOldVinBehindTwoSubsidiesRaisesOneAlert(support());
    }

    @Test
    void aSecondScrapCertificateForOneVinIsADoubleClaimButTheSameCertificateAgainIsNot() {
        FraudTestSupport support = support();
        RecordedEvent first = support.feed(scrapped(VIN_1, "CERT-1"), "2024-09-01T10:00:00");
        support.feed(scrapped(VIN_1, "CERT-1"), "2024-09-02T10:00:00");
        assertThat(support.alerts("R05")).isEmpty();

        RecordedEvent second = support.feed(scrapped(VIN_1, "CERT-2"), "2024-10-01T10:00:00");

        onlyAlert(support, "R05", Severity.HIGH, "vin", VIN_1, null,
                List.of(first.ledgerEventId(), second.ledgerEventId()));
    }

    @Test
    void bothFindingsForOneVinShareOneAlert() {
        FraudTestSupport support = support();
        RecordedEvent c1 = support.feed(scrapped(VIN_1, "CERT-1"), "2024-09-01T10:00:00");
        RecordedEvent c2 = support.feed(scrapped(VIN_1, "CERT-2"), "2024-09-02T10:00:00");
        RecordedEvent s1 = support.feed(scrapGrant("S-1", VIN_1), "2024-09-03T10:00:00");
        RecordedEvent s2 = support.feed(scrapGrant("S-2", VIN_1), "2024-09-04T10:00:00");

        onlyAlert(support, "R05", Severity.HIGH, "vin", VIN_1, null, List.of(c1.ledgerEventId(), c2.ledgerEventId(),
                s1.ledgerEventId(), s2.ledgerEventId()));
    }

    @Test
    void oneSubsidyAndOneCertificatePerVinIsClean() {
        FraudTestSupport support = support();
        support.feed(scrapped(VIN_1, "CERT-1"), "2024-09-01T10:00:00");
        support.feed(scrapGrant("S-1", VIN_1), "2024-09-03T10:00:00");
        support.feed(scrapped(VIN_2, "CERT-2"), "2024-09-01T10:00:00");
        support.feed(scrapGrant("S-2", VIN_2), "2024-09-03T10:00:00");
        // An appliance subsidy is not a vehicle subsidy, whatever its old item.
        support.feed(TradeInFacts.appliance("S-3", PERSON_A, ProductCategory.TV), "2024-09-03T10:00:00");

        assertThat(support.alerts("R05")).isEmpty();
    }

    @Test
    void aSecondReplacementForOnePersonInOneYearIsRaisedForThePerson() {
        FraudTestSupport support = support();
        RecordedEvent first = support.feed(vehicle("S-1", Programme.VEHICLE_REPLACEMENT, PERSON_A,
                ProductCategory.CAR_NEV, "15000.00", VIN_1), "2025-02-01T10:00:00");
        RecordedEvent second = support.feed(vehicle("S-2", Programme.VEHICLE_REPLACEMENT, PERSON_A,
                ProductCategory.CAR_FUEL, "13000.00", VIN_2), "2025-11-01T10:00:00");

        onlyAlert(support, "R05", Severity.HIGH, "person", PERSON_A.value(), "2025",
                List.of(first.ledgerEventId(), second.ledgerEventId()));
    }

    @Test
    void replacementsInConsecutiveShanghaiYearsOrByDifferentPeopleAreClean() {
        FraudTestSupport support = support();
        support.feed(vehicle("S-1", Programme.VEHICLE_REPLACEMENT, PERSON_A, ProductCategory.CAR_NEV, "15000.00",
                VIN_1), "2025-12-31T23:59:00");
        support.feed(vehicle("S-2", Programme.VEHICLE_REPLACEMENT, PERSON_A, ProductCategory.CAR_NEV, "15000.00",
                VIN_2), "2026-01-01T00:01:00");
        support.feed(vehicle("S-3", Programme.VEHICLE_REPLACEMENT, PERSON_B, ProductCategory.CAR_NEV, "15000.00",
                null), "2026-02-01T00:01:00");
        // A scrap subsidy is not a replacement subsidy.
        support.feed(vehicle("S-4", Programme.VEHICLE_SCRAP, PERSON_B, ProductCategory.CAR_NEV, "20000.00",
                null), "2026-03-01T00:01:00");

        assertThat(support.alerts("R05")).isEmpty();
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FraudTestSupport support = support();
            support.feed(scrapGrant("S-1", VIN_1), "2025-03-01T10:00:00");
            support.feed(scrapGrant("S-2", VIN_1), "2025-03-02T10:00:00");
            support.feed(vehicle("S-3", Programme.VEHICLE_REPLACEMENT, PERSON_B, ProductCategory.CAR_NEV,
                    "15000.00", null), "2025-03-01T10:00:00");
            support.feed(vehicle("S-4", Programme.VEHICLE_REPLACEMENT, PERSON_B, ProductCategory.CAR_NEV,
                    "15000.00", null), "2025-03-05T10:00:00");
            runs.add(support.alerts("R05").stream().map(AlertView::alertId).toList());
        }
        assertThat(runs.get(0)).hasSize(2);
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }
}
