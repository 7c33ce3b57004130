package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.access.SensitiveReadRecorded;
import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The name under which each ledger fact is stored as its payload type (the {@code payload_type}
 * column of the JDBC store), and the fact class a stored name is read back as.
 *
 * <p>A stored name is part of the ledger's permanent record: it is in every row already written, the
 * seal hashes the part after its last dot, and the history shows it. It must therefore never follow
 * the Java class around. The names below are the fully qualified class names the facts had when the
 * ledger first stored them; from now on they are plain strings. Moving or renaming a fact class
 * changes only the class literal here, never the string beside it, so the rows written before and
 * after the change carry the same name and both read back as the moved class.
 *
 * <p>Adding a fact means adding one line here with a new, never reused stored name;
 * {@link LedgerSerializer} refuses to store a ledger fact that has none.
 */
public final class EventTypeNames {

    /**
     * One fact class and its stored name.
     *
     * @param storedName the exact {@code payload_type} of the fact's events
     * @param factType   the record the payload is read into
     */
    public record EventTypeName(String storedName, Class<? extends LedgerFact> factType) {
    }

    private static final EventTypeNames LEDGER = new EventTypeNames(List.of(
            new EventTypeName("cn.huanxin.ledger.core.fund.FundOpened", FundOpened.class),
            new EventTypeName("cn.huanxin.ledger.core.fund.FundAppropriated", FundAppropriated.class),
            new EventTypeName("cn.huanxin.ledger.core.fund.FundAllocated", FundAllocated.class),
            new EventTypeName("cn.huanxin.ledger.core.fund.FundReclaimed", FundReclaimed.class),
            new EventTypeName("cn.huanxin.ledger.core.subsidy.SubsidyGranted", SubsidyGranted.class),
            new EventTypeName("cn.huanxin.ledger.core.subsidy.SubsidyPaid", SubsidyPaid.class),
            new EventTypeName("cn.huanxin.ledger.core.subsidy.SubsidyReversed", SubsidyReversed.class),
            new EventTypeName("cn.huanxin.ledger.core.vehicle.VehicleScrapped", VehicleScrapped.class),
            new EventTypeName("cn.huanxin.ledger.core.vehicle.VehicleDeregistered", VehicleDeregistered.class),
            new EventTypeName("cn.huanxin.ledger.core.vehicle.VehicleDismantled", VehicleDismantled.class),
            new EventTypeName("cn.huanxin.ledger.core.appliance.ApplianceCollected", ApplianceCollected.class),
            new EventTypeName("cn.huanxin.ledger.core.appliance.ApplianceHandedOver", ApplianceHandedOver.class),
            new EventTypeName("cn.huanxin.ledger.core.appliance.ApplianceDismantled", ApplianceDismantled.class),
            new EventTypeName("cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued", ReverseInvoiceIssued.class),
            new EventTypeName("cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided", ReverseInvoiceVoided.class),
            new EventTypeName("cn.huanxin.ledger.core.enterprise.EnterpriseRegistered", EnterpriseRegistered.class),
            new EventTypeName("cn.huanxin.ledger.core.enterprise.QualificationGranted", QualificationGranted.class),
            new EventTypeName("cn.huanxin.ledger.core.enterprise.QualificationRevoked", QualificationRevoked.class),
            new EventTypeName("cn.huanxin.ledger.core.equipment.EquipmentRenewed", EquipmentRenewed.class),
            new EventTypeName("cn.huanxin.ledger.core.alert.AlertDispositioned", AlertDispositioned.class),
            new EventTypeName("cn.huanxin.ledger.core.access.SensitiveReadRecorded", SensitiveReadRecorded.class)));

    private final List<EventTypeName> names;
    private final Map<Class<?>, String> storedNames = new HashMap<>();
    private final Map<String, Class<? extends LedgerFact>> factTypes = new HashMap<>();

    /**
     * A table of stored names. Each class has one stored name and each stored name one class, so a
     * stored event can only ever be read as the fact it was written from.
     */
    public EventTypeNames(List<EventTypeName> names) {
        this.names = List.copyOf(names);
        for (EventTypeName name : this.names) {
            if (storedNames.putIfAbsent(name.factType(), name.storedName()) != null) {
                throw new IllegalArgumentException(name.factType().getName() + " has two stored names");
            }
            if (factTypes.putIfAbsent(name.storedName(), name.factType()) != null) {
                throw new IllegalArgumentException("stored name " + name.storedName() + " names two fact types");
            }
        }
    }

    /** The stored names of the ledger's facts. */
    public static EventTypeNames ledger() {
        return LEDGER;
    }

    /** Every fact type with its stored name, in the order of the table. */
    public List<EventTypeName> all() {
        return names;
    }

    /** The stored name of a fact type; empty for a class that is not in the table. */
    public Optional<String> storedName(Class<?> factType) {
        return Optional.ofNullable(storedNames.get(factType));
    }

    /** The fact type stored under a name; empty for a name that is not in the table. */
    public Optional<Class<? extends LedgerFact>> factType(String storedName) {
        return Optional.ofNullable(factTypes.get(storedName));
    }

    /** The stored name of a fact type that must have one: for code that matches stored rows by name. */
    public String require(Class<? extends LedgerFact> factType) {
        return storedName(factType).orElseThrow(() -> new IllegalStateException(
                factType.getName() + " has no stored name in " + EventTypeNames.class.getSimpleName()));
    }
}
