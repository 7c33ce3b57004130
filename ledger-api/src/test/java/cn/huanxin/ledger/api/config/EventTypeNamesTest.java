package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.api.ingest.EventTypeCatalog;
import cn.huanxin.ledger.core.access.SensitiveReadRecorded;
import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.LedgerJson;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins, for every event the ledger stores, its contract type name and exactly what is stored for it
 * in {@code domain_event_entry}: {@code payload_type} and {@code payload_revision}. Every stored row
 * carries these strings, the seal hashes the type, and receipts and views use the contract name, so
 * none of them may change when a class moves or is renamed. The table is written out by hand: a
 * change to any stored string, a renamed fact class (its contract name is its simple name) or a fact
 * added without a stored name fails here.
 */
class EventTypeNamesTest {

    /**
     * One stored event type.
     *
     * @param contractName the type name of the contract (envelopes, receipts, the history)
     * @param payloadType  the exact {@code payload_type} of its stored events
     * @param revision     the exact {@code payload_revision} of its stored events
     */
    record Stored(String contractName, String payloadType, String revision) {
    }

    /** The 19 types of the ingestion catalogue, then the two facts the ledger records on its own behalf. */
    static final List<Stored> STORED = List.of(
            new Stored("FundOpened", "cn.huanxin.ledger.core.fund.FundOpened", "1"),
            new Stored("FundAppropriated", "cn.huanxin.ledger.core.fund.FundAppropriated", "1"),
            new Stored("FundAllocated", "cn.huanxin.ledger.core.fund.FundAllocated", "1"),
            new Stored("FundReclaimed", "cn.huanxin.ledger.core.fund.FundReclaimed", "1"),
            new Stored("SubsidyGranted", "cn.huanxin.ledger.core.subsidy.SubsidyGranted", "1"),
            new Stored("SubsidyPaid", "cn.huanxin.ledger.core.subsidy.SubsidyPaid", "1"),
            new Stored("SubsidyReversed", "cn.huanxin.ledger.core.subsidy.SubsidyReversed", "1"),
            new Stored("VehicleScrapped", "cn.huanxin.ledger.core.vehicle.VehicleScrapped", "1"),
            new Stored("VehicleDeregistered", "cn.huanxin.ledger.core.vehicle.VehicleDeregistered", "1"),
            new Stored("VehicleDismantled", "cn.huanxin.ledger.core.vehicle.VehicleDismantled", "1"),
            new Stored("ApplianceCollected", "cn.huanxin.ledger.core.appliance.ApplianceCollected", "1"),
            new Stored("ApplianceHandedOver", "cn.huanxin.ledger.core.appliance.ApplianceHandedOver", "1"),
            new Stored("ApplianceDismantled", "cn.huanxin.ledger.core.appliance.ApplianceDismantled", "1"),
            new Stored("ReverseInvoiceIssued", "cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued", "1"),
            new Stored("ReverseInvoiceVoided", "cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided", "1"),
            new Stored("EnterpriseRegistered", "cn.huanxin.ledger.core.enterprise.EnterpriseRegistered", "1"),
            new Stored("QualificationGranted", "cn.huanxin.ledger.core.enterprise.QualificationGranted", "1"),
            new Stored("QualificationRevoked", "cn.huanxin.ledger.core.enterprise.QualificationRevoked", "1"),
            new Stored("EquipmentRenewed", "cn.huanxin.ledger.core.equipment.EquipmentRenewed", "1"),
            new Stored("AlertDispositioned", "cn.huanxin.ledger.core.alert.AlertDispositioned", "1"),
            new Stored("SensitiveReadRecorded", "cn.huanxin.ledger.core.access.SensitiveReadRecorded", "1"));

    private final LedgerSerializer serializer = LedgerSerializer.create(LedgerJson.newObjectMapper(),
            new AnnotationRevisionResolver(), getClass().getClassLoader(), EventTypeNames.ledger());

    /** Every type the ledger records, by contract name: the catalogue's and the internal ones. */
    private static Map<String, EventTypeCatalog.EventType> recordedTypes() {
        Map<String, EventTypeCatalog.EventType> types = new LinkedHashMap<>();
        new EventTypeCatalog().all().forEach(type -> types.put(type.name(), type));
        for (Class<? extends LedgerFact> internal : List.of(AlertDispositioned.class, SensitiveReadRecorded.class)) {
            EventTypeCatalog.EventType type = EventTypeCatalog.internal(internal, fact -> fact);
            types.put(type.name(), type);
        }
        return types;
    }

    @Test
    void theTableNamesEveryTypeTheLedgerRecordsOnce() {
        assertThat(STORED).extracting(Stored::contractName).doesNotHaveDuplicates()
                .containsExactlyElementsOf(recordedTypes().keySet());
        assertThat(STORED).extracting(Stored::payloadType).doesNotHaveDuplicates();
    }

    @Test
    void everyTypeIsStoredUnderItsPinnedNameAndRevision() {
        Map<String, EventTypeCatalog.EventType> types = recordedTypes();
        for (Stored stored : STORED) {
            Class<? extends LedgerFact> factType = types.get(stored.contractName()).factType();

            SerializedType written = serializer.typeForClass(factType);

            assertThat(written.getName()).as("payload_type of %s", stored.contractName())
                    .isEqualTo(stored.payloadType());
            assertThat(written.getRevision()).as("payload_revision of %s", stored.contractName())
                    .isEqualTo(stored.revision());
        }
    }

    @Test
    void everyPinnedNameIsReadBackAsItsFact() {
        Map<String, EventTypeCatalog.EventType> types = recordedTypes();
        for (Stored stored : STORED) {
            SerializedType type = new SimpleSerializedType(stored.payloadType(), stored.revision());

            assertThat(serializer.classForType(type)).as("the fact stored as %s", stored.payloadType())
                    .isEqualTo(types.get(stored.contractName()).factType());
        }
    }

    /**
     * The registry holds exactly the ledger's facts: every class of ledger-core that is a
     * {@link LedgerFact} or carries Axon's {@link Revision}, and nothing else.
     */
    @Test
    void everyFactOfTheCoreHasAStoredName() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(LedgerFact.class));
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<Class<?>> facts = scanner.findCandidateComponents(AxonConfiguration.CORE_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, getClass().getClassLoader()))
                .collect(Collectors.toSet());

        Set<Class<?>> registered = new HashSet<>();
        EventTypeNames.ledger().all().forEach(name -> registered.add(name.factType()));

        assertThat(facts).hasSize(STORED.size());
        assertThat(registered).containsExactlyInAnyOrderElementsOf(facts);
    }

    @Test
    void everythingElseKeepsAxonsNamingByClass() {
        for (Class<?> type : List.of(GlobalSequenceTrackingToken.class, MetaData.class, String.class, StreamId.class)) {
            SerializedType written = serializer.typeForClass(type);

            assertThat(written.getName()).isEqualTo(type.getName());
            assertThat(serializer.classForType(written)).isEqualTo(type);
        }
    }

    @Test
    void aLedgerFactWithoutAStoredNameIsRefusedRatherThanStoredUnderItsClassName() {
        assertThatThrownBy(() -> serializer.serialize(new UnnamedFact("x"), byte[].class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(UnnamedFact.class.getName())
                .hasMessageContaining("has no stored name");
    }

    @Test
    void theRegistryRefusesAmbiguousNames() {
        assertThatThrownBy(() -> new EventTypeNames(List.of(
                new EventTypeNames.EventTypeName("a", UnnamedFact.class),
                new EventTypeNames.EventTypeName("b", UnnamedFact.class))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventTypeNames(List.of(
                new EventTypeNames.EventTypeName("a", UnnamedFact.class),
                new EventTypeNames.EventTypeName("a", AlertDispositioned.class))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A fact that no one gave a stored name. */
    record UnnamedFact(String key) implements LedgerFact {

        @Override
        public StreamId streamId() {
            return StreamId.of(StreamKind.ACCESS, key);
        }
    }
}
