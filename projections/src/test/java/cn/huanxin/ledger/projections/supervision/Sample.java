package cn.huanxin.ledger.projections.supervision;

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
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;

/**
 * Facts for supervision tests, set in 清江浦区 (320812), Huai'an, in 2024, with valid check characters
 * computed by ledger-core's own types. Ids are built from short numbers so tests read as scenarios.
 */
final class Sample {

    static final String REGION = "320812";
    static final String OTHER_REGION = "320826";

    private Sample() {
    }

    // ---- identifiers ----

    /** A unified social credit code with a valid GB 32100 check character. */
    static String enterprise(int n) {
        String first17 = "91320800MA" + String.format("%07d", n);
        return first17 + EnterpriseId.checkCharacter(first17);
    }

    /** A VIN with a valid ISO 3779 check digit. */
    static String vin(int n) {
        String body = "LSVAM418" + "0" + "C2" + String.format("%06d", n);
        char check = Vin.checkDigit(body);
        return body.substring(0, 8) + check + body.substring(9);
    }

    /** A person's pseudonym (64 lower-case hex characters), as the ingestion API would make it. */
    static String person(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- times ----

    static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    /** 10:00 Asia/Shanghai on the day. */
    static Instant at(String date) {
        return at(date, "10:00");
    }

    static Instant at(String date, String time) {
        return LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(RecordedEvent.SHANGHAI).toInstant();
    }

    // ---- funds ----

    static FundOpened fundOpened(String fundId) {
        return new FundOpened(FundId.of(fundId), "2024年消费品以旧换新资金", 2024, Scheme.CONSUMER_TRADE_IN,
                FundSource.CENTRAL_BOND, RegionCode.of("320800"), "苏财建〔2024〕1号");
    }

    static FundAppropriated appropriated(String fundId, String appropriationId, String yuan) {
        return new FundAppropriated(FundId.of(fundId), appropriationId, Money.parse(yuan), "苏财建〔2024〕2号");
    }

    static FundAllocated allocated(String fundId, String allocationId, String region, String yuan) {
        return new FundAllocated(FundId.of(fundId), allocationId, RegionCode.of(region), Money.parse(yuan),
                "淮财建〔2024〕3号");
    }

    static FundReclaimed reclaimed(String fundId, String reclaimId, String region, String yuan) {
        return new FundReclaimed(FundId.of(fundId), reclaimId, RegionCode.of(region), Money.parse(yuan),
                "淮财建〔2024〕9号");
    }

    // ---- subsidies ----

    static SubsidyGranted applianceGrant(String subsidyId, String fundId, String personRef, String merchantId,
                                         String returnId, String yuan) {
        return grant(subsidyId, fundId, Programme.APPLIANCE, personRef, merchantId,
                returnId == null ? null : new OldItem(OldItemKind.APPLIANCE, returnId),
                new Product(ProductCategory.REFRIGERATOR, "海尔", "BCD-470", "SN-" + subsidyId, 1, Money.parse("5000.00")),
                yuan);
    }

    static SubsidyGranted vehicleGrant(String subsidyId, String fundId, String personRef, String merchantId, String vin) {
        return grant(subsidyId, fundId, Programme.VEHICLE_SCRAP, personRef, merchantId,
                vin == null ? null : new OldItem(OldItemKind.VEHICLE, vin),
                new Product(ProductCategory.CAR_NEV, "比亚迪", "秦PLUS", "VIN-NEW-" + subsidyId, null,
                        Money.parse("120000.00")), "20000.00");
    }

    static SubsidyGranted grant(String subsidyId, String fundId, Programme programme, String personRef,
                                String merchantId, OldItem oldItem, Product product, String yuan) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of(fundId), RegionCode.of(REGION), programme,
                Beneficiary.person(Pseudonym.of(personRef)), merchantId == null ? null : EnterpriseId.of(merchantId),
                product, null, Money.parse(yuan), oldItem, null, null);
    }

    static SubsidyPaid paid(String subsidyId, String paymentId, String yuan, String paidOn) {
        return new SubsidyPaid(SubsidyId.of(subsidyId), paymentId, Money.parse(yuan), day(paidOn),
                Pseudonym.of(person("account-" + subsidyId)));
    }

    static SubsidyReversed reversed(String subsidyId, String reversalId, String yuan) {
        return new SubsidyReversed(SubsidyId.of(subsidyId), reversalId, Money.parse(yuan),
                ReversalReason.PRODUCT_RETURNED, null);
    }

    // ---- vehicles ----

    static VehicleScrapped scrapped(String vin, String certificateNo, String recyclerId, String ownerRef,
                                    String scrappedOn) {
        return new VehicleScrapped(Vin.of(vin), certificateNo, EnterpriseId.of(recyclerId),
                new NaturalPerson(Pseudonym.of(ownerRef)), VehicleClass.SMALL_PASSENGER, Fuel.PETROL,
                EmissionStandard.CHINA_III, day("2010-05-01"), day("2015-01-01"), day(scrappedOn),
                RegionCode.of(REGION));
    }

    static VehicleDeregistered deregistered(String vin, String on) {
        return new VehicleDeregistered(Vin.of(vin), "DEREG-" + vin, day(on));
    }

    static VehicleDismantled vehicleDismantled(String vin, String dismantlerId, String on) {
        return new VehicleDismantled(Vin.of(vin), EnterpriseId.of(dismantlerId), day(on));
    }

    // ---- appliances ----

    static ApplianceCollected collected(String returnId, String ownerRef, String collectorId, String on,
                                        String subsidyId) {
        return new ApplianceCollected(ReturnId.of(returnId), ProductCategory.REFRIGERATOR, "美的", "BCD-200",
                null, new NaturalPerson(Pseudonym.of(ownerRef)), EnterpriseId.of(collectorId), day(on),
                RegionCode.of(REGION), subsidyId == null ? null : SubsidyId.of(subsidyId));
    }

    static ApplianceHandedOver handedOver(String returnId, String toEnterpriseId, String on) {
        return new ApplianceHandedOver(ReturnId.of(returnId), EnterpriseId.of(toEnterpriseId), day(on));
    }

    static ApplianceDismantled applianceDismantled(String returnId, String dismantlerId, String on) {
        return new ApplianceDismantled(ReturnId.of(returnId), EnterpriseId.of(dismantlerId), day(on));
    }

    // ---- enterprises ----

    static EnterpriseRegistered registered(String enterpriseId, EnterpriseRole... roles) {
        return new EnterpriseRegistered(EnterpriseId.of(enterpriseId), "淮安企业" + enterpriseId.substring(10, 17),
                List.of(roles), RegionCode.of(REGION));
    }

    static QualificationGranted qualified(String enterpriseId, Qualification qualification, String validFrom,
                                          String validTo) {
        return new QualificationGranted(EnterpriseId.of(enterpriseId), qualification, "CERT-" + qualification,
                day(validFrom), validTo == null ? null : day(validTo));
    }

    static QualificationRevoked revoked(String enterpriseId, Qualification qualification, String on) {
        return new QualificationRevoked(EnterpriseId.of(enterpriseId), qualification, day(on), "检查不合格");
    }

    // ---- reverse invoices ----

    static ReverseInvoiceIssued invoice(String invoiceNo, String issuerId, String sellerRef, String issuedOn,
                                        List<String> itemRefs) {
        InvoiceLine line = new InvoiceLine(ProductCategory.OTHER, Math.max(1, itemRefs.size()),
                new BigDecimal("1250.5"), itemRefs.isEmpty() ? null : itemRefs);
        return new ReverseInvoiceIssued(InvoiceNo.of(invoiceNo), EnterpriseId.of(issuerId),
                new NaturalPerson(Pseudonym.of(sellerRef)), day(issuedOn), InvoiceKind.ORDINARY, List.of(line),
                Money.parse("3000.00"), Money.parse("0.00"), Money.parse("15.00"));
    }

    static ReverseInvoiceVoided voided(String invoiceNo, String on) {
        return new ReverseInvoiceVoided(InvoiceNo.of(invoiceNo), day(on), "开票错误");
    }

    // ---- equipment ----

    static EquipmentRenewed renewed(String renewalId, String enterpriseId, EquipmentCategory category, long quantity,
                                    MeasureUnit unit, String investmentYuan) {
        return new EquipmentRenewed(RenewalId.of(renewalId), EnterpriseId.of(enterpriseId), RenewalDomain.BUILDING,
                category, quantity, unit, Money.parse(investmentYuan), RegionCode.of(REGION),
                new OldEquipment(Disposal.RECYCLED, EnterpriseId.of(enterprise(99))));
    }
}
