package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.common.Vin;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.vehicle.EmissionStandard;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Facts of the trade-in chain (grant, payment, old vehicle and appliance, qualifications) built with
 * the real records of ledger-core, for the tests of rules R04 and R08–R13.
 */
final class ChainFacts {

    static final String REGION = "320812";
    static final EnterpriseId RECYCLER = EnterpriseId.of("91350100M000100Y43");
    static final EnterpriseId DISMANTLER = EnterpriseId.of("914403001922038216");
    static final EnterpriseId DEALER = enterprise(1);

    private ChainFacts() {
    }

    /** A pseudonym distinct for each n (64 lower-case hex). */
    static Pseudonym ref(int n) {
        return Pseudonym.of(String.format("%064x", n));
    }

    /** A valid VIN distinct for each n (ISO 3779 check digit computed). */
    static Vin vin(int n) {
        String draft = "LSVAM418" + "0" + String.format("%08d", n);
        char check = Vin.checkDigit(draft);
        return Vin.of(draft.substring(0, 8) + check + draft.substring(9));
    }

    /** A valid unified social credit code distinct for each n. */
    static EnterpriseId enterprise(int n) {
        String first17 = "91320800" + String.format("%09d", n);
        return EnterpriseId.of(first17 + EnterpriseId.checkCharacter(first17));
    }

    static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    static Grant grant(String subsidyId) {
        return new Grant(subsidyId);
    }

    /** A subsidy grant with the fields these rules read; the rest is a plausible appliance grant. */
    static final class Grant {
        private final String subsidyId;
        private Programme programme = Programme.APPLIANCE;
        private Beneficiary beneficiary = Beneficiary.person(ref(1));
        private String invoiceNo;
        private OldItem oldItem;
        private Pseudonym deliveryAddressRef;
        private RegionCode deliveryRegionCode;

        private Grant(String subsidyId) {
            this.subsidyId = subsidyId;
        }

        Grant programme(Programme value) {
            programme = value;
            return this;
        }

        Grant person(Pseudonym personRef) {
            beneficiary = Beneficiary.person(personRef);
            return this;
        }

        Grant enterprise(EnterpriseId enterpriseId) {
            beneficiary = Beneficiary.enterprise(enterpriseId);
            return this;
        }

        Grant invoice(String value) {
            invoiceNo = value;
            return this;
        }

        Grant oldVehicle(Vin vin) {
            oldItem = new OldItem(OldItemKind.VEHICLE, vin.value());
            return this;
        }

        Grant oldAppliance(String returnId) {
            oldItem = new OldItem(OldItemKind.APPLIANCE, returnId);
            return this;
        }

        Grant oldItem(OldItemKind kind, String ref) {
            oldItem = new OldItem(kind, ref);
            return this;
        }

        Grant deliveredTo(Pseudonym addressRef, String regionCode) {
            deliveryAddressRef = addressRef;
            deliveryRegionCode = regionCode == null ? null : RegionCode.of(regionCode);
            return this;
        }

        SubsidyGranted build() {
            boolean vehicle = programme == Programme.VEHICLE_SCRAP || programme == Programme.VEHICLE_REPLACEMENT;
            Product product = vehicle
                    ? new Product(ProductCategory.CAR_NEV, "比亚迪", "秦PLUS", null, null, Money.parse("119800"))
                    : new Product(ProductCategory.REFRIGERATOR, "海尔", "BCD-470", "SN" + subsidyId, 1,
                    Money.parse("3999"));
            return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of("FUND-2024-" + REGION), RegionCode.of(REGION),
                    programme, beneficiary, DEALER, product, invoiceNo,
                    Money.parse(vehicle ? "20000" : "799.80"), oldItem, deliveryAddressRef, deliveryRegionCode);
        }
    }

    static SubsidyPaid paid(String subsidyId, String paymentId, Pseudonym account, String paidOn) {
        return new SubsidyPaid(SubsidyId.of(subsidyId), paymentId, Money.parse("799.80"), day(paidOn), account);
    }

    static VehicleScrapped scrapped(Vin vin, EnterpriseId recycler, Pseudonym owner, String scrappedOn,
                                    String regionCode) {
        return new VehicleScrapped(vin, "BF-" + vin.value(), recycler, new NaturalPerson(owner),
                VehicleClass.SMALL_PASSENGER, Fuel.PETROL, EmissionStandard.CHINA_III, day("2010-05-01"),
                day("2010-05-01"), day(scrappedOn), RegionCode.of(regionCode));
    }

    static VehicleDeregistered deregistered(Vin vin, String on) {
        return new VehicleDeregistered(vin, "ZX-" + vin.value(), day(on));
    }

    static VehicleDismantled vehicleDismantled(Vin vin, String on) {
        return new VehicleDismantled(vin, RECYCLER, day(on));
    }

    static ApplianceCollected collected(String returnId, Pseudonym owner, String collectedOn) {
        return new ApplianceCollected(ReturnId.of(returnId), ProductCategory.REFRIGERATOR, "容声", "BCD-180",
                null, new NaturalPerson(owner), DEALER, day(collectedOn), RegionCode.of(REGION), null);
    }

    static ApplianceDismantled applianceDismantled(String returnId, EnterpriseId dismantler, String on) {
        return new ApplianceDismantled(ReturnId.of(returnId), dismantler, day(on));
    }

    static QualificationGranted qualified(EnterpriseId enterprise, Qualification qualification, String from,
                                          String to) {
        return new QualificationGranted(enterprise, qualification, "CERT-" + enterprise.value(), day(from),
                to == null ? null : day(to));
    }

    static QualificationRevoked revoked(EnterpriseId enterprise, Qualification qualification, String on) {
        return new QualificationRevoked(enterprise, qualification, day(on), "年度核查不合格");
    }

    /**
     * A fraud view fed event by event, remembering what it was fed so that a fresh view can be given
     * exactly the same recorded events (same ledger ids) to check that a replay raises the same alerts.
     */
    static final class Feed {
        private final FraudTestSupport support;
        private final List<LedgerFact> facts = new ArrayList<>();
        private final List<RecordedEvent> events = new ArrayList<>();

        Feed(FraudTestSupport support) {
            this.support = support;
        }

        /** Feeds a fact that occurred at the Asia/Shanghai local time {@code at}; returns its ledger event id. */
        String at(String at, LedgerFact fact) {
            RecordedEvent event = support.feed(fact, at);
            facts.add(fact);
            events.add(event);
            return event.ledgerEventId();
        }

        List<AlertView> alerts(String ruleId) {
            return support.alerts(ruleId);
        }

        FraudTestSupport support() {
            return support;
        }

        /** Feeds every recorded event again, in order, into another view. */
        void replayInto(FraudTestSupport other) {
            for (int i = 0; i < facts.size(); i++) {
                other.view().handle(facts.get(i), events.get(i));
            }
        }
    }
}
