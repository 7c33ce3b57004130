package cn.huanxin.ledger.core;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.InvoiceNo;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.RenewalId;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.common.Vin;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.EnterpriseRole;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.equipment.Disposal;
import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.equipment.MeasureUnit;
import cn.huanxin.ledger.core.equipment.OldEquipment;
import cn.huanxin.ledger.core.equipment.RenewalDomain;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.fund.FundSource;
import cn.huanxin.ledger.core.fund.Scheme;
import cn.huanxin.ledger.core.invoice.InvoiceKind;
import cn.huanxin.ledger.core.invoice.InvoiceLine;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.ReversalReason;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.core.vehicle.EmissionStandard;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Realistic facts for tests, one factory per event type, set in Huai'an (淮安市, 320800) during the
 * 2024 trade-in programme. Every factory takes the id of the stream the fact belongs to, so a test
 * names its streams and the rest of the payload stays out of the way; the amount-taking overloads
 * exist for the tests that are about amounts.
 */
public final class Facts {

    /** An appliance dealer's unified social credit code (valid GB 32100 check character). */
    public static final String DEALER_ID = "91350100M000100Y43";

    /** A recycler's and dismantler's unified social credit code (valid GB 32100 check character). */
    public static final String RECYCLER_ID = "914403001922038216";

    /** A VIN with the check digit X. */
    public static final String VIN = "1M8GDM9AXKP042788";

    /** A second VIN, of a domestically built car. */
    public static final String OTHER_VIN = "LSVAM4187C2184847";

    /** Huai'an as a whole (淮安市). */
    public static final String HUAIAN = "320800";

    /** Qingjiangpu district (清江浦区). */
    public static final String QINGJIANGPU = "320812";

    /** Lianshui county (涟水县). */
    public static final String LIANSHUI = "320826";

    /** The pseudonym of a resident's ID number. */
    public static final String PERSON_REF = "a".repeat(64);

    /** The pseudonym of a bank account. */
    public static final String ACCOUNT_REF = "b".repeat(64);

    /** The pseudonym of a delivery address. */
    public static final String ADDRESS_REF = "c".repeat(64);

    private Facts() {
    }

    // Fund stream.

    public static FundOpened fundOpened(String fundId) {
        return new FundOpened(FundId.of(fundId), "2024年淮安市消费品以旧换新补贴资金", 2024, Scheme.CONSUMER_TRADE_IN,
                FundSource.CENTRAL_BOND, RegionCode.of(HUAIAN), "淮财建〔2024〕58号");
    }

    public static FundAppropriated fundAppropriated(String fundId) {
        return fundAppropriated(fundId, "120000000.00");
    }

    public static FundAppropriated fundAppropriated(String fundId, String amountYuan) {
        return new FundAppropriated(FundId.of(fundId), "APR-2024-001", Money.parse(amountYuan), "苏财建〔2024〕112号");
    }

    public static FundAllocated fundAllocated(String fundId) {
        return fundAllocated(fundId, "18000000.00");
    }

    public static FundAllocated fundAllocated(String fundId, String amountYuan) {
        return new FundAllocated(FundId.of(fundId), "ALC-320812-01", RegionCode.of(QINGJIANGPU),
                Money.parse(amountYuan), "淮财建〔2024〕61号");
    }

    public static FundReclaimed fundReclaimed(String fundId) {
        return fundReclaimed(fundId, "2500000.00");
    }

    public static FundReclaimed fundReclaimed(String fundId, String amountYuan) {
        return new FundReclaimed(FundId.of(fundId), "RCL-320812-01", RegionCode.of(QINGJIANGPU),
                Money.parse(amountYuan), "淮财建〔2024〕97号");
    }

    // Subsidy stream.

    /** A fully populated appliance grant of 999.80 yuan to a person, every optional field present. */
    public static SubsidyGranted subsidyGranted(String subsidyId, String fundId) {
        return subsidyGranted(subsidyId, fundId, "999.80");
    }

    public static SubsidyGranted subsidyGranted(String subsidyId, String fundId, String amountYuan) {
        Product refrigerator = new Product(ProductCategory.REFRIGERATOR, "海尔", "BCD-510WGHTD14S8U1", "DH0J2E0QK00ZDM4T0172",
                1, Money.parse("4999.00"));
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of(fundId), RegionCode.of(QINGJIANGPU),
                Programme.APPLIANCE, Beneficiary.person(Pseudonym.of(PERSON_REF)), EnterpriseId.of(DEALER_ID),
                refrigerator, "24322000000012345678", Money.parse(amountYuan),
                new OldItem(OldItemKind.APPLIANCE, "R-320812-000731"), Pseudonym.of(ADDRESS_REF),
                RegionCode.of(QINGJIANGPU));
    }

    /** A grant to an enterprise with every optional field absent. */
    public static SubsidyGranted subsidyGrantedWithoutOptionals(String subsidyId, String fundId, String amountYuan) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of(fundId), RegionCode.of(LIANSHUI),
                Programme.EQUIPMENT_RENEWAL, Beneficiary.enterprise(EnterpriseId.of(DEALER_ID)), null, null, null,
                Money.parse(amountYuan), null, null, null);
    }

    public static SubsidyPaid subsidyPaid(String subsidyId) {
        return subsidyPaid(subsidyId, "PAY-20240905-0001", "999.80");
    }

    public static SubsidyPaid subsidyPaid(String subsidyId, String paymentId, String amountYuan) {
        return new SubsidyPaid(SubsidyId.of(subsidyId), paymentId, Money.parse(amountYuan), LocalDate.of(2024, 9, 5),
                Pseudonym.of(ACCOUNT_REF));
    }

    public static SubsidyReversed subsidyReversed(String subsidyId) {
        return subsidyReversed(subsidyId, "999.80");
    }

    public static SubsidyReversed subsidyReversed(String subsidyId, String amountYuan) {
        return new SubsidyReversed(SubsidyId.of(subsidyId), "REV-20241011-0001", Money.parse(amountYuan),
                ReversalReason.PRODUCT_RETURNED, "消费者退货，商户原路退回补贴");
    }

    // Vehicle stream.

    public static VehicleScrapped vehicleScrapped(String vin) {
        return vehicleScrapped(vin, "320800-2024-000417");
    }

    /** A scrap certificate; a second one for the same VIN differs in its number. */
    public static VehicleScrapped vehicleScrapped(String vin, String certificateNo) {
        return new VehicleScrapped(Vin.of(vin), certificateNo, EnterpriseId.of(RECYCLER_ID),
                new NaturalPerson(Pseudonym.of(PERSON_REF)), VehicleClass.SMALL_PASSENGER, Fuel.PETROL,
                EmissionStandard.CHINA_III, LocalDate.of(2011, 3, 18), LocalDate.of(2011, 3, 18),
                LocalDate.of(2024, 8, 20), RegionCode.of(HUAIAN));
    }

    public static VehicleDeregistered vehicleDeregistered(String vin) {
        return new VehicleDeregistered(Vin.of(vin), "苏H-ZX-2024-08812", LocalDate.of(2024, 8, 26));
    }

    public static VehicleDismantled vehicleDismantled(String vin) {
        return new VehicleDismantled(Vin.of(vin), EnterpriseId.of(RECYCLER_ID), LocalDate.of(2024, 9, 3));
    }

    // Appliance stream.

    public static ApplianceCollected applianceCollected(String returnId) {
        return new ApplianceCollected(ReturnId.of(returnId), ProductCategory.WASHING_MACHINE, "小天鹅", "TG100V20WDG",
                "XTE2016A88123", new NaturalPerson(Pseudonym.of(PERSON_REF)), EnterpriseId.of(RECYCLER_ID),
                LocalDate.of(2024, 9, 1), RegionCode.of(QINGJIANGPU), SubsidyId.of("S-320812-000001"));
    }

    public static ApplianceHandedOver applianceHandedOver(String returnId) {
        return new ApplianceHandedOver(ReturnId.of(returnId), EnterpriseId.of(DEALER_ID), LocalDate.of(2024, 9, 4));
    }

    public static ApplianceDismantled applianceDismantled(String returnId) {
        return new ApplianceDismantled(ReturnId.of(returnId), EnterpriseId.of(RECYCLER_ID), LocalDate.of(2024, 9, 12));
    }

    // Reverse-invoice stream.

    public static ReverseInvoiceIssued reverseInvoiceIssued(String invoiceNo) {
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(ProductCategory.OTHER, 1, new BigDecimal("1250.500"), List.of(VIN)),
                new InvoiceLine(ProductCategory.WASHING_MACHINE, 2, new BigDecimal("68.4"), null));
        return new ReverseInvoiceIssued(InvoiceNo.of(invoiceNo), EnterpriseId.of(RECYCLER_ID),
                new NaturalPerson(Pseudonym.of(PERSON_REF)), LocalDate.of(2024, 8, 21), InvoiceKind.ORDINARY, lines,
                Money.parse("2970.30"), Money.parse("29.70"), Money.parse("14.85"));
    }

    public static ReverseInvoiceVoided reverseInvoiceVoided(String invoiceNo) {
        return new ReverseInvoiceVoided(InvoiceNo.of(invoiceNo), LocalDate.of(2024, 8, 23), "开票重量录入错误");
    }

    // Enterprise stream.

    public static EnterpriseRegistered enterpriseRegistered(String enterpriseId) {
        return new EnterpriseRegistered(EnterpriseId.of(enterpriseId), "淮安市再生资源回收利用有限公司",
                List.of(EnterpriseRole.RECYCLER, EnterpriseRole.VEHICLE_RECYCLER), RegionCode.of(QINGJIANGPU));
    }

    public static QualificationGranted qualificationGranted(String enterpriseId) {
        return new QualificationGranted(EnterpriseId.of(enterpriseId), Qualification.VEHICLE_RECYCLING,
                "苏报废-320800-0007", LocalDate.of(2023, 1, 1), LocalDate.of(2027, 12, 31));
    }

    public static QualificationRevoked qualificationRevoked(String enterpriseId) {
        return new QualificationRevoked(EnterpriseId.of(enterpriseId), Qualification.VEHICLE_RECYCLING,
                LocalDate.of(2024, 11, 1), "年度核查不合格");
    }

    // Equipment stream.

    public static EquipmentRenewed equipmentRenewed(String renewalId) {
        return new EquipmentRenewed(RenewalId.of(renewalId), EnterpriseId.of(DEALER_ID), RenewalDomain.INDUSTRY,
                EquipmentCategory.SMART_WORKSHOP, 1, MeasureUnit.PROJECT, Money.parse("8600000.00"),
                RegionCode.of(HUAIAN), new OldEquipment(Disposal.RECYCLED, EnterpriseId.of(RECYCLER_ID)));
    }
}
