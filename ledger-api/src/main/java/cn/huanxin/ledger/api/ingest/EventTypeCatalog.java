package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.appliance.RecordApplianceCollectedCommand;
import cn.huanxin.ledger.core.appliance.RecordApplianceDismantledCommand;
import cn.huanxin.ledger.core.appliance.RecordApplianceHandedOverCommand;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.InvoiceNo;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.RenewalId;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.EnterpriseRole;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.enterprise.RecordEnterpriseRegisteredCommand;
import cn.huanxin.ledger.core.enterprise.RecordQualificationGrantedCommand;
import cn.huanxin.ledger.core.enterprise.RecordQualificationRevokedCommand;
import cn.huanxin.ledger.core.equipment.Disposal;
import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.equipment.MeasureUnit;
import cn.huanxin.ledger.core.equipment.OldEquipment;
import cn.huanxin.ledger.core.equipment.RecordEquipmentRenewedCommand;
import cn.huanxin.ledger.core.equipment.RenewalDomain;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.fund.FundSource;
import cn.huanxin.ledger.core.fund.RecordFundAllocatedCommand;
import cn.huanxin.ledger.core.fund.RecordFundAppropriatedCommand;
import cn.huanxin.ledger.core.fund.RecordFundOpenedCommand;
import cn.huanxin.ledger.core.fund.RecordFundReclaimedCommand;
import cn.huanxin.ledger.core.fund.Scheme;
import cn.huanxin.ledger.core.invoice.InvoiceKind;
import cn.huanxin.ledger.core.invoice.InvoiceLine;
import cn.huanxin.ledger.core.invoice.RecordReverseInvoiceIssuedCommand;
import cn.huanxin.ledger.core.invoice.RecordReverseInvoiceVoidedCommand;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyGrantedCommand;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyPaidCommand;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyReversedCommand;
import cn.huanxin.ledger.core.subsidy.ReversalReason;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.core.vehicle.EmissionStandard;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.RecordVehicleDeregisteredCommand;
import cn.huanxin.ledger.core.vehicle.RecordVehicleDismantledCommand;
import cn.huanxin.ledger.core.vehicle.RecordVehicleScrappedCommand;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The 19 event types of docs/api.md: for each, how its payload is read and checked, and which
 * command records it. Adding a type means adding one entry here and its fact, command and handler
 * in ledger-core.
 */
@Component
public class EventTypeCatalog {

    /** Categories an old appliance may have: every product category but the new-car ones. */
    private static final EnumSet<ProductCategory> APPLIANCE_CATEGORIES =
            EnumSet.complementOf(EnumSet.of(ProductCategory.CAR_NEV, ProductCategory.CAR_FUEL));

    /**
     * One event type.
     *
     * @param name      the contract's type name
     * @param factType  the record stored as payload
     * @param reader    reads and checks a payload; returns {@code null} when it found errors
     * @param command   the command that records a fact of this type
     */
    public record EventType(String name, Class<? extends LedgerFact> factType,
                            Function<PayloadFields, ? extends LedgerFact> reader,
                            Function<LedgerFact, Object> command) {
    }

    private final Map<String, EventType> types = new LinkedHashMap<>();

    public EventTypeCatalog() {
        add(FundOpened.class, EventTypeCatalog::fundOpened, f -> new RecordFundOpenedCommand((FundOpened) f));
        add(FundAppropriated.class, EventTypeCatalog::fundAppropriated,
                f -> new RecordFundAppropriatedCommand((FundAppropriated) f));
        add(FundAllocated.class, EventTypeCatalog::fundAllocated,
                f -> new RecordFundAllocatedCommand((FundAllocated) f));
        add(FundReclaimed.class, EventTypeCatalog::fundReclaimed,
                f -> new RecordFundReclaimedCommand((FundReclaimed) f));
        add(SubsidyGranted.class, EventTypeCatalog::subsidyGranted,
                f -> new RecordSubsidyGrantedCommand((SubsidyGranted) f));
        add(SubsidyPaid.class, EventTypeCatalog::subsidyPaid, f -> new RecordSubsidyPaidCommand((SubsidyPaid) f));
        add(SubsidyReversed.class, EventTypeCatalog::subsidyReversed,
                f -> new RecordSubsidyReversedCommand((SubsidyReversed) f));
        add(VehicleScrapped.class, EventTypeCatalog::vehicleScrapped,
                f -> new RecordVehicleScrappedCommand((VehicleScrapped) f));
        add(VehicleDeregistered.class, EventTypeCatalog::vehicleDeregistered,
                f -> new RecordVehicleDeregisteredCommand((VehicleDeregistered) f));
        add(VehicleDismantled.class, EventTypeCatalog::vehicleDismantled,
                f -> new RecordVehicleDismantledCommand((VehicleDismantled) f));
        add(ApplianceCollected.class, EventTypeCatalog::applianceCollected,
                f -> new RecordApplianceCollectedCommand((ApplianceCollected) f));
        add(ApplianceHandedOver.class, EventTypeCatalog::applianceHandedOver,
                f -> new RecordApplianceHandedOverCommand((ApplianceHandedOver) f));
        add(ApplianceDismantled.class, EventTypeCatalog::applianceDismantled,
                f -> new RecordApplianceDismantledCommand((ApplianceDismantled) f));
        add(ReverseInvoiceIssued.class, EventTypeCatalog::reverseInvoiceIssued,
                f -> new RecordReverseInvoiceIssuedCommand((ReverseInvoiceIssued) f));
        add(ReverseInvoiceVoided.class, EventTypeCatalog::reverseInvoiceVoided,
                f -> new RecordReverseInvoiceVoidedCommand((ReverseInvoiceVoided) f));
        add(EnterpriseRegistered.class, EventTypeCatalog::enterpriseRegistered,
                f -> new RecordEnterpriseRegisteredCommand((EnterpriseRegistered) f));
        add(QualificationGranted.class, EventTypeCatalog::qualificationGranted,
                f -> new RecordQualificationGrantedCommand((QualificationGranted) f));
        add(QualificationRevoked.class, EventTypeCatalog::qualificationRevoked,
                f -> new RecordQualificationRevokedCommand((QualificationRevoked) f));
        add(EquipmentRenewed.class, EventTypeCatalog::equipmentRenewed,
                f -> new RecordEquipmentRenewedCommand((EquipmentRenewed) f));
    }

    /**
     * A type the ledger records on its own behalf and no client may post (an auditor's
     * disposition): it has no payload reader and is not in the catalogue.
     */
    public static EventType internal(Class<? extends LedgerFact> factType, Function<LedgerFact, Object> command) {
        return new EventType(factType.getSimpleName(), factType, fields -> {
            throw new IllegalStateException(factType.getSimpleName() + " is never read from a request");
        }, command);
    }

    public Optional<EventType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public Collection<EventType> all() {
        return types.values();
    }

    private <F extends LedgerFact> void add(Class<F> type, Function<PayloadFields, F> reader,
                                            Function<LedgerFact, Object> command) {
        types.put(type.getSimpleName(), new EventType(type.getSimpleName(), type, reader, command));
    }

    // ---- funds

    private static FundOpened fundOpened(PayloadFields p) {
        var fundId = p.id("fundId", FundId::of);
        var name = p.text("name");
        var year = p.integer("year", 2000, 2100, true);
        var scheme = p.enumValue("scheme", Scheme.class);
        var source = p.enumValue("source", FundSource.class);
        var regionCode = p.regionInTable("regionCode");
        var documentNo = p.text("documentNo");
        return p.build(() -> new FundOpened(fundId, name, year, scheme, source, regionCode, documentNo));
    }

    private static FundAppropriated fundAppropriated(PayloadFields p) {
        var fundId = p.id("fundId", FundId::of);
        var appropriationId = p.otherId("appropriationId");
        var amount = p.amount("amount");
        var documentNo = p.text("documentNo");
        return p.build(() -> new FundAppropriated(fundId, appropriationId, amount, documentNo));
    }

    private static FundAllocated fundAllocated(PayloadFields p) {
        var fundId = p.id("fundId", FundId::of);
        var allocationId = p.otherId("allocationId");
        var regionCode = p.regionInTable("regionCode");
        var amount = p.amount("amount");
        var documentNo = p.text("documentNo");
        return p.build(() -> new FundAllocated(fundId, allocationId, regionCode, amount, documentNo));
    }

    private static FundReclaimed fundReclaimed(PayloadFields p) {
        var fundId = p.id("fundId", FundId::of);
        var reclaimId = p.otherId("reclaimId");
        var regionCode = p.regionInTable("regionCode");
        var amount = p.amount("amount");
        var documentNo = p.text("documentNo");
        return p.build(() -> new FundReclaimed(fundId, reclaimId, regionCode, amount, documentNo));
    }

    // ---- subsidies

    private static SubsidyGranted subsidyGranted(PayloadFields p) {
        var subsidyId = p.id("subsidyId", SubsidyId::of);
        var fundId = p.id("fundId", FundId::of);
        var regionCode = p.regionInTable("regionCode");
        var programme = p.enumValue("programme", Programme.class);
        var beneficiaryFields = p.object("beneficiary");
        var beneficiary = beneficiaryFields == null ? null : beneficiary(beneficiaryFields);
        var merchantId = p.optionalEnterprise("merchantId");
        var productFields = p.optionalObject("product");
        var product = productFields == null ? null : product(productFields);
        var invoiceNo = p.optionalOtherId("invoiceNo");
        var amount = p.amount("amount");
        var oldItemFields = p.optionalObject("oldItem");
        var oldItem = oldItemFields == null ? null : oldItem(oldItemFields);
        var deliveryAddressRef = p.optionalDeliveryAddress("deliveryAddress");
        var deliveryRegionCode = p.regionForm("deliveryRegionCode", false);
        return p.build(() -> new SubsidyGranted(subsidyId, fundId, regionCode, programme, beneficiary, merchantId,
                product, invoiceNo, amount, oldItem, deliveryAddressRef, deliveryRegionCode));
    }

    private static Beneficiary beneficiary(PayloadFields p) {
        var kind = p.enumValue("kind", BeneficiaryKind.class);
        if (kind == BeneficiaryKind.PERSON) {
            var personRef = p.idNumber("idNumber");
            return p.build(() -> Beneficiary.person(personRef));
        }
        if (kind == BeneficiaryKind.ENTERPRISE) {
            var enterpriseId = p.enterprise("enterpriseId");
            return p.build(() -> Beneficiary.enterprise(enterpriseId));
        }
        return null;
    }

    private static Product product(PayloadFields p) {
        var category = p.enumValue("category", ProductCategory.class);
        var brand = p.text("brand");
        var model = p.text("model");
        var serialNo = p.optionalText("serialNo");
        var energyGrade = p.integer("energyGrade", 1, 5, false);
        var price = p.amount("price");
        return p.build(() -> new Product(category, brand, model, serialNo, energyGrade, price));
    }

    private static OldItem oldItem(PayloadFields p) {
        var kind = p.enumValue("kind", OldItemKind.class);
        var ref = p.otherId("ref");
        return p.build(() -> new OldItem(kind, ref));
    }

    private static SubsidyPaid subsidyPaid(PayloadFields p) {
        var subsidyId = p.id("subsidyId", SubsidyId::of);
        var paymentId = p.otherId("paymentId");
        var amount = p.amount("amount");
        var paidOn = p.date("paidOn");
        var payeeAccountRef = p.payeeAccount("payeeAccount");
        return p.build(() -> new SubsidyPaid(subsidyId, paymentId, amount, paidOn, payeeAccountRef));
    }

    private static SubsidyReversed subsidyReversed(PayloadFields p) {
        var subsidyId = p.id("subsidyId", SubsidyId::of);
        var reversalId = p.otherId("reversalId");
        var amount = p.amount("amount");
        var reason = p.enumValue("reason", ReversalReason.class);
        var note = p.longOptionalText("note");
        return p.build(() -> new SubsidyReversed(subsidyId, reversalId, amount, reason, note));
    }

    // ---- vehicles

    private static VehicleScrapped vehicleScrapped(PayloadFields p) {
        var vin = p.vin("vin");
        var certificateNo = p.otherId("certificateNo");
        var recyclerId = p.enterprise("recyclerId");
        var owner = person(p, "owner");
        var vehicleClass = p.enumValue("vehicleClass", VehicleClass.class);
        var fuel = p.enumValue("fuel", Fuel.class);
        var emissionStandard = p.enumValue("emissionStandard", EmissionStandard.class);
        var registeredOn = p.date("registeredOn");
        var ownedSince = p.date("ownedSince");
        var scrappedOn = p.date("scrappedOn");
        var regionCode = p.regionForm("regionCode", true);
        return p.build(() -> new VehicleScrapped(vin, certificateNo, recyclerId, owner, vehicleClass, fuel,
                emissionStandard, registeredOn, ownedSince, scrappedOn, regionCode));
    }

    private static VehicleDeregistered vehicleDeregistered(PayloadFields p) {
        var vin = p.vin("vin");
        var deregistrationNo = p.otherId("deregistrationNo");
        var deregisteredOn = p.date("deregisteredOn");
        return p.build(() -> new VehicleDeregistered(vin, deregistrationNo, deregisteredOn));
    }

    private static VehicleDismantled vehicleDismantled(PayloadFields p) {
        var vin = p.vin("vin");
        var dismantlerId = p.enterprise("dismantlerId");
        var dismantledOn = p.date("dismantledOn");
        return p.build(() -> new VehicleDismantled(vin, dismantlerId, dismantledOn));
    }

    // ---- appliances

    private static ApplianceCollected applianceCollected(PayloadFields p) {
        var returnId = p.id("returnId", ReturnId::of);
        var category = p.enumValue("category", ProductCategory.class);
        if (category != null && !APPLIANCE_CATEGORIES.contains(category)) {
            p.error("category", "must be an appliance category, not " + category);
        }
        var brand = p.text("brand");
        var model = p.text("model");
        var serialNo = p.optionalText("serialNo");
        var owner = person(p, "owner");
        var collectorId = p.enterprise("collectorId");
        var collectedOn = p.date("collectedOn");
        var regionCode = p.regionInTable("regionCode");
        var subsidyId = p.optionalId("subsidyId", SubsidyId::of);
        return p.build(() -> new ApplianceCollected(returnId, category, brand, model, serialNo, owner, collectorId,
                collectedOn, regionCode, subsidyId));
    }

    private static ApplianceHandedOver applianceHandedOver(PayloadFields p) {
        var returnId = p.id("returnId", ReturnId::of);
        var toEnterpriseId = p.enterprise("toEnterpriseId");
        var handedOverOn = p.date("handedOverOn");
        return p.build(() -> new ApplianceHandedOver(returnId, toEnterpriseId, handedOverOn));
    }

    private static ApplianceDismantled applianceDismantled(PayloadFields p) {
        var returnId = p.id("returnId", ReturnId::of);
        var dismantlerId = p.enterprise("dismantlerId");
        var dismantledOn = p.date("dismantledOn");
        return p.build(() -> new ApplianceDismantled(returnId, dismantlerId, dismantledOn));
    }

    // ---- reverse invoices

    private static ReverseInvoiceIssued reverseInvoiceIssued(PayloadFields p) {
        var invoiceNo = p.id("invoiceNo", InvoiceNo::of);
        var issuerId = p.enterprise("issuerId");
        var seller = person(p, "seller");
        var issuedOn = p.date("issuedOn");
        var invoiceKind = p.enumValue("invoiceKind", InvoiceKind.class);
        var lines = p.objects("lines", EventTypeCatalog::invoiceLine);
        var amountExclVat = p.amount("amountExclVat");
        var vat = p.tax("vat");
        var incomeTaxWithheld = p.tax("incomeTaxWithheld");
        return p.build(() -> new ReverseInvoiceIssued(invoiceNo, issuerId, seller, issuedOn, invoiceKind, lines,
                amountExclVat, vat, incomeTaxWithheld));
    }

    private static InvoiceLine invoiceLine(PayloadFields p) {
        var category = p.enumValue("category", ProductCategory.class);
        var quantity = p.integer("quantity", 1, Integer.MAX_VALUE, true);
        var weightKg = p.weightKg("weightKg");
        var itemRefs = p.optionalRefs("itemRefs");
        return p.build(() -> new InvoiceLine(category, quantity, weightKg, itemRefs));
    }

    private static ReverseInvoiceVoided reverseInvoiceVoided(PayloadFields p) {
        var invoiceNo = p.id("invoiceNo", InvoiceNo::of);
        var voidedOn = p.date("voidedOn");
        var reason = p.text("reason");
        return p.build(() -> new ReverseInvoiceVoided(invoiceNo, voidedOn, reason));
    }

    // ---- enterprises

    private static EnterpriseRegistered enterpriseRegistered(PayloadFields p) {
        var enterpriseId = p.enterprise("enterpriseId");
        var name = p.text("name");
        var roles = p.enumValues("roles", EnterpriseRole.class);
        var regionCode = p.regionInTable("regionCode");
        return p.build(() -> new EnterpriseRegistered(enterpriseId, name, roles, regionCode));
    }

    private static QualificationGranted qualificationGranted(PayloadFields p) {
        var enterpriseId = p.enterprise("enterpriseId");
        var qualification = p.enumValue("qualification", Qualification.class);
        var certificateNo = p.otherId("certificateNo");
        var validFrom = p.date("validFrom");
        var validTo = p.optionalDate("validTo");
        if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
            p.error("validTo", "must not be before validFrom");
        }
        return p.build(() -> new QualificationGranted(enterpriseId, qualification, certificateNo, validFrom, validTo));
    }

    private static QualificationRevoked qualificationRevoked(PayloadFields p) {
        var enterpriseId = p.enterprise("enterpriseId");
        var qualification = p.enumValue("qualification", Qualification.class);
        var revokedOn = p.date("revokedOn");
        var reason = p.text("reason");
        return p.build(() -> new QualificationRevoked(enterpriseId, qualification, revokedOn, reason));
    }

    // ---- equipment

    private static EquipmentRenewed equipmentRenewed(PayloadFields p) {
        var renewalId = p.id("renewalId", RenewalId::of);
        var enterpriseId = p.enterprise("enterpriseId");
        var domain = p.enumValue("domain", RenewalDomain.class);
        var equipmentCategory = p.enumValue("equipmentCategory", EquipmentCategory.class);
        var quantity = p.quantity("quantity");
        var unit = p.enumValue("unit", MeasureUnit.class);
        var investment = p.amount("investment");
        var regionCode = p.regionInTable("regionCode");
        var oldEquipmentFields = p.optionalObject("oldEquipment");
        var oldEquipment = oldEquipmentFields == null ? null : oldEquipment(oldEquipmentFields);
        return p.build(() -> new EquipmentRenewed(renewalId, enterpriseId, domain, equipmentCategory, quantity, unit,
                investment, regionCode, oldEquipment));
    }

    private static OldEquipment oldEquipment(PayloadFields p) {
        var disposal = p.enumValue("disposal", Disposal.class);
        var recyclerId = p.optionalEnterprise("recyclerId");
        return p.build(() -> new OldEquipment(disposal, recyclerId));
    }

    private static NaturalPerson person(PayloadFields p, String name) {
        PayloadFields fields = p.object(name);
        if (fields == null) {
            return null;
        }
        var personRef = fields.idNumber("idNumber");
        return fields.build(() -> new NaturalPerson(personRef));
    }
}
