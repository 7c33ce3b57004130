package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.common.Vin;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.EmissionStandard;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.Severity;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Trade-in facts built with the real ledger-core records, for the tests of R01–R07 and R21. */
final class TradeInFacts {

    static final Pseudonym PERSON_A = Pseudonym.of("a".repeat(64));
    static final Pseudonym PERSON_B = Pseudonym.of("b".repeat(64));
    static final EnterpriseId DEALER = EnterpriseId.of("91350100M000100Y43");
    static final EnterpriseId RECYCLER = EnterpriseId.of("914403001922038216");
    static final String VIN_1 = "1M8GDM9AXKP042788";
    static final String VIN_2 = "LSVAM4187C2184847";
    static final String REGION = "320812";

    private TradeInFacts() {
    }

    /** An APPLIANCE or DIGITAL grant to a person. */
    static SubsidyGranted product(String subsidyId, Programme programme, Pseudonym person, ProductCategory category,
                                  String serialNo, Integer energyGrade, String price, String amount) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of("F-2024-CB-01"), RegionCode.of(REGION),
                programme, Beneficiary.person(person), DEALER,
                new Product(category, "Haier", "M-1", serialNo, energyGrade, Money.parse(price)),
                "INV-" + subsidyId, Money.parse(amount), null, null, null);
    }

    /** An APPLIANCE grant to a person at energy grade 1, with a serial number derived from the id. */
    static SubsidyGranted appliance(String subsidyId, Pseudonym person, ProductCategory category) {
        return product(subsidyId, Programme.APPLIANCE, person, category, "SN-" + subsidyId, 1, "3000.00", "600.00");
    }

    /** A VEHICLE_SCRAP or VEHICLE_REPLACEMENT grant to a person for a new car, naming the old VIN. */
    static SubsidyGranted vehicle(String subsidyId, Programme programme, Pseudonym person, ProductCategory car,
                                  String amount, String oldVin) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of("F-2024-CB-01"), RegionCode.of(REGION),
                programme, Beneficiary.person(person), DEALER,
                new Product(car, "BYD", "Qin", "NEW-" + subsidyId, null, Money.parse("120000.00")),
                "INV-" + subsidyId, Money.parse(amount),
                oldVin == null ? null : new OldItem(OldItemKind.VEHICLE, oldVin), null, null);
    }

    static SubsidyGranted scrapGrant(String subsidyId, String oldVin) {
        return vehicle(subsidyId, Programme.VEHICLE_SCRAP, PERSON_A, ProductCategory.CAR_NEV, "20000.00", oldVin);
    }

    static VehicleScrapped scrapped(String vin, String certificateNo, VehicleClass vehicleClass, Fuel fuel,
                                    String registeredOn, String ownedSince, String scrappedOn) {
        return new VehicleScrapped(Vin.of(vin), certificateNo, RECYCLER, new NaturalPerson(PERSON_A), vehicleClass,
                fuel, EmissionStandard.CHINA_III, LocalDate.parse(registeredOn), LocalDate.parse(ownedSince),
                LocalDate.parse(scrappedOn), RegionCode.of(REGION));
    }

    /** An eligible old small petrol car, scrapped in the 2024 period. */
    static VehicleScrapped scrapped(String vin, String certificateNo) {
        return scrapped(vin, certificateNo, VehicleClass.SMALL_PASSENGER, Fuel.PETROL, "2010-05-01", "2015-03-01",
                "2024-09-01");
    }

    /** Asserts that the support holds exactly one alert of the rule, as expected, and returns it. */
    static AlertView onlyAlert(FraudTestSupport support, String ruleId, Severity severity, String subjectKind,
                               String subjectRef, String window, List<String> evidence) {
        List<AlertView> alerts = support.alerts(ruleId);
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(severity);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject(subjectKind, subjectRef));
        assertThat(alert.window()).isEqualTo(window);
        assertThat(alert.evidence()).containsExactlyInAnyOrderElementsOf(evidence);
        return alert;
    }
}
