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
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.onlyAlert;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.product;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapGrant;
import static cn.huanxin.ledger.projections.fraud.rules.TradeInFacts.scrapped;
import static org.assertj.core.api.Assertions.assertThat;

class R07PolicyWindowTest {

    private static FraudTestSupport support() {
        return new FraudTestSupport(new R07PolicyWindow(RuleSettings.DEFAULTS));
    }

    /** The firing case, shared with the PostgreSQL run: an appliance subsidy a second before the 2024 period. */
    static void aGrantBeforeThePeriodRaisesAnAlertOnTheSubsidy(FraudTestSupport support) {
        RecordedEvent grant = support.feed(TradeInFacts.appliance("S-R07-1", PERSON_A, ProductCategory.TV),
                "2024-07-31T23:59:59");

        AlertView alert = onlyAlert(support, "R07", Severity.MEDIUM, "subsidy", "S-R07-1", null,
                List.of(grant.ledgerEventId()));
        assertThat(alert.summaryEn()).contains("2024-07-31", "outside every policy period");
    }

    @Test
    void aGrantOutsideEveryPeriodOfItsProgrammeIsOutOfWindow() {
        aGrantBeforeThePeriodRaisesAnAlertOnTheSubsidy(support());
    }

    @ParameterizedTest(name = "{0} at {1} (Shanghai): breach {2}")
    @CsvSource({
            "APPLIANCE, 2024-08-01T00:00:00, false",
            "APPLIANCE, 2024-07-31T23:59:59, true",
            "APPLIANCE, 2026-12-31T23:59:59, false",
            "APPLIANCE, 2027-01-01T00:00:00, true",
            "DIGITAL, 2025-01-19T23:59:59, true",
            "DIGITAL, 2025-01-20T00:00:00, false",
            "DIGITAL, 2025-12-31T12:00:00, false",
            "DIGITAL, 2026-01-01T12:00:00, true",
            "EBIKE, 2023-12-31T12:00:00, true",
            "EBIKE, 2024-01-01T12:00:00, false",
            "VEHICLE_REPLACEMENT, 2024-12-31T12:00:00, true",
            "VEHICLE_REPLACEMENT, 2025-01-01T00:00:00, false",
            "HOME_RENOVATION, 2019-01-01T12:00:00, false",
            "EQUIPMENT_RENEWAL, 2030-01-01T12:00:00, false",
    })
    void theGrantsShanghaiDateMustLieInAPeriodOfItsProgramme(Programme programme, String at, boolean breach) {
        FraudTestSupport support = support();
        ProductCategory category = switch (programme) {
            case DIGITAL -> ProductCategory.PHONE;
            case EBIKE -> ProductCategory.EBIKE;
            case VEHICLE_REPLACEMENT -> ProductCategory.CAR_NEV;
            default -> ProductCategory.TV;
        };
        support.feed(product("S-1", programme, PERSON_A, category, "SN-1", 1, "3000.00", "450.00"), at);

        assertThat(support.alerts("R07")).hasSize(breach ? 1 : 0);
    }

    @Test
    void aCarScrappedBeforeThePeriodOfItsSubsidyBeganIsOutOfWindow() {
        FraudTestSupport support = support();
        RecordedEvent scrap = support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.PETROL,
                "2010-01-01", "2015-01-01", "2024-12-31"), "2024-12-31T10:00:00");
        RecordedEvent grant = support.feed(scrapGrant("S-1", VIN_1), "2025-01-05T10:00:00");

        AlertView alert = onlyAlert(support, "R07", Severity.MEDIUM, "subsidy", "S-1", null,
                List.of(grant.ledgerEventId(), scrap.ledgerEventId()));
        assertThat(alert.summaryEn()).contains("scrapped on 2024-12-31", "2025-01-01");
    }

    @Test
    void theScrapRecordMayArriveAfterTheGrant() {
        FraudTestSupport support = support();
        RecordedEvent grant = support.feed(scrapGrant("S-1", VIN_1), "2024-05-05T10:00:00");
        RecordedEvent scrap = support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.PETROL,
                "2010-01-01", "2015-01-01", "2024-04-23"), "2024-05-06T10:00:00");

        onlyAlert(support, "R07", Severity.MEDIUM, "subsidy", "S-1", null,
                List.of(grant.ledgerEventId(), scrap.ledgerEventId()));
    }

    @Test
    void aCarScrappedOnTheDayThePeriodBeganIsInWindow() {
        FraudTestSupport support = support();
        support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.PETROL, "2010-01-01", "2015-01-01",
                "2025-01-01"), "2025-01-01T10:00:00");
        support.feed(scrapGrant("S-1", VIN_1), "2025-01-05T10:00:00");

        assertThat(support.alerts("R07")).isEmpty();
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FraudTestSupport support = support();
            support.feed(TradeInFacts.appliance("S-1", PERSON_A, ProductCategory.TV), "2024-07-01T10:00:00");
            support.feed(scrapped(VIN_1, "CERT-1", VehicleClass.SMALL_PASSENGER, Fuel.PETROL, "2010-01-01",
                    "2015-01-01", "2024-12-31"), "2024-12-31T10:00:00");
            support.feed(scrapGrant("S-2", VIN_1), "2025-01-05T10:00:00");
            runs.add(support.alerts("R07").stream().map(AlertView::alertId).toList());
        }
        assertThat(runs.get(0)).hasSize(2);
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }
}
