package cn.huanxin.ledger.core.common;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.appliance.RecordApplianceCollectedCommand;
import cn.huanxin.ledger.core.appliance.RecordApplianceDismantledCommand;
import cn.huanxin.ledger.core.appliance.RecordApplianceHandedOverCommand;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.enterprise.RecordEnterpriseRegisteredCommand;
import cn.huanxin.ledger.core.enterprise.RecordQualificationGrantedCommand;
import cn.huanxin.ledger.core.enterprise.RecordQualificationRevokedCommand;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.equipment.RecordEquipmentRenewedCommand;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.fund.RecordFundAllocatedCommand;
import cn.huanxin.ledger.core.fund.RecordFundAppropriatedCommand;
import cn.huanxin.ledger.core.fund.RecordFundOpenedCommand;
import cn.huanxin.ledger.core.fund.RecordFundReclaimedCommand;
import cn.huanxin.ledger.core.invoice.RecordReverseInvoiceIssuedCommand;
import cn.huanxin.ledger.core.invoice.RecordReverseInvoiceVoidedCommand;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyGrantedCommand;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyPaidCommand;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyReversedCommand;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.core.vehicle.RecordVehicleDeregisteredCommand;
import cn.huanxin.ledger.core.vehicle.RecordVehicleDismantledCommand;
import cn.huanxin.ledger.core.vehicle.RecordVehicleScrappedCommand;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static cn.huanxin.ledger.core.Facts.DEALER_ID;
import static cn.huanxin.ledger.core.Facts.LIANSHUI;
import static cn.huanxin.ledger.core.Facts.OTHER_VIN;
import static cn.huanxin.ledger.core.Facts.RECYCLER_ID;
import static cn.huanxin.ledger.core.Facts.VIN;
import static cn.huanxin.ledger.core.Facts.applianceCollected;
import static cn.huanxin.ledger.core.Facts.applianceDismantled;
import static cn.huanxin.ledger.core.Facts.applianceHandedOver;
import static cn.huanxin.ledger.core.Facts.enterpriseRegistered;
import static cn.huanxin.ledger.core.Facts.equipmentRenewed;
import static cn.huanxin.ledger.core.Facts.fundAllocated;
import static cn.huanxin.ledger.core.Facts.fundAppropriated;
import static cn.huanxin.ledger.core.Facts.fundOpened;
import static cn.huanxin.ledger.core.Facts.fundReclaimed;
import static cn.huanxin.ledger.core.Facts.qualificationGranted;
import static cn.huanxin.ledger.core.Facts.qualificationRevoked;
import static cn.huanxin.ledger.core.Facts.reverseInvoiceIssued;
import static cn.huanxin.ledger.core.Facts.reverseInvoiceVoided;
import static cn.huanxin.ledger.core.Facts.subsidyGranted;
import static cn.huanxin.ledger.core.Facts.subsidyGrantedWithoutOptionals;
import static cn.huanxin.ledger.core.Facts.subsidyPaid;
import static cn.huanxin.ledger.core.Facts.subsidyReversed;
import static cn.huanxin.ledger.core.Facts.vehicleDeregistered;
import static cn.huanxin.ledger.core.Facts.vehicleDismantled;
import static cn.huanxin.ledger.core.Facts.vehicleScrapped;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored payload of an event is the {@link LedgerJson} rendering of its fact and is hashed, so
 * that rendering is a permanent contract: every fact and command must survive Axon's Jackson
 * serializer unchanged, and the JSON text must keep its agreed shape.
 */
class FactSerializationTest {

    private static final String FUND_ID = "F-2024-HA-TRADEIN";
    private static final String SUBSIDY_ID = "S-320812-000001";
    private static final String RETURN_ID = "R-320812-000731";
    private static final String INVOICE_NO = "24322000000087654321";
    private static final String RENEWAL_ID = "EQ-2024-320800-0042";

    /** The 19 fact types of docs/api.md "Event types and their payloads", listed by hand so that a new one is a conscious addition. */
    private static final List<Class<? extends LedgerFact>> FACT_TYPES = List.of(
            FundOpened.class, FundAppropriated.class, FundAllocated.class, FundReclaimed.class,
            SubsidyGranted.class, SubsidyPaid.class, SubsidyReversed.class,
            VehicleScrapped.class, VehicleDeregistered.class, VehicleDismantled.class,
            ApplianceCollected.class, ApplianceHandedOver.class, ApplianceDismantled.class,
            ReverseInvoiceIssued.class, ReverseInvoiceVoided.class,
            EnterpriseRegistered.class, QualificationGranted.class, QualificationRevoked.class,
            EquipmentRenewed.class);

    private final Serializer serializer = JacksonSerializer.builder()
                                                           .objectMapper(LedgerJson.newObjectMapper())
                                                           .build();

    private final ObjectMapper reader = LedgerJson.newObjectMapper();

    static List<LedgerFact> facts() {
        return List.of(
                fundOpened(FUND_ID),
                fundAppropriated(FUND_ID),
                fundAllocated(FUND_ID),
                fundReclaimed(FUND_ID),
                subsidyGranted(SUBSIDY_ID, FUND_ID),
                subsidyGrantedWithoutOptionals(SUBSIDY_ID, FUND_ID, "999.80"),
                subsidyPaid(SUBSIDY_ID),
                subsidyReversed(SUBSIDY_ID),
                vehicleScrapped(VIN),
                vehicleDeregistered(OTHER_VIN),
                vehicleDismantled(VIN),
                applianceCollected(RETURN_ID),
                applianceHandedOver(RETURN_ID),
                applianceDismantled(RETURN_ID),
                reverseInvoiceIssued(INVOICE_NO),
                reverseInvoiceVoided(INVOICE_NO),
                enterpriseRegistered(RECYCLER_ID),
                qualificationGranted(RECYCLER_ID),
                qualificationRevoked(DEALER_ID),
                equipmentRenewed(RENEWAL_ID));
    }

    static List<Object> commands() {
        return List.of(
                new RecordFundOpenedCommand(fundOpened(FUND_ID)),
                new RecordFundAppropriatedCommand(fundAppropriated(FUND_ID)),
                new RecordFundAllocatedCommand(fundAllocated(FUND_ID)),
                new RecordFundReclaimedCommand(fundReclaimed(FUND_ID)),
                new RecordSubsidyGrantedCommand(subsidyGranted(SUBSIDY_ID, FUND_ID)),
                new RecordSubsidyPaidCommand(subsidyPaid(SUBSIDY_ID)),
                new RecordSubsidyReversedCommand(subsidyReversed(SUBSIDY_ID)),
                new RecordVehicleScrappedCommand(vehicleScrapped(VIN)),
                new RecordVehicleDeregisteredCommand(vehicleDeregistered(VIN)),
                new RecordVehicleDismantledCommand(vehicleDismantled(VIN)),
                new RecordApplianceCollectedCommand(applianceCollected(RETURN_ID)),
                new RecordApplianceHandedOverCommand(applianceHandedOver(RETURN_ID)),
                new RecordApplianceDismantledCommand(applianceDismantled(RETURN_ID)),
                new RecordReverseInvoiceIssuedCommand(reverseInvoiceIssued(INVOICE_NO)),
                new RecordReverseInvoiceVoidedCommand(reverseInvoiceVoided(INVOICE_NO)),
                new RecordEnterpriseRegisteredCommand(enterpriseRegistered(RECYCLER_ID)),
                new RecordQualificationGrantedCommand(qualificationGranted(RECYCLER_ID)),
                new RecordQualificationRevokedCommand(qualificationRevoked(RECYCLER_ID)),
                new RecordEquipmentRenewedCommand(equipmentRenewed(RENEWAL_ID)));
    }

    @Test
    void examplesCoverEveryFactTypeAndEveryCommand() {
        assertThat(FACT_TYPES).hasSize(19).doesNotHaveDuplicates();
        assertThat(facts()).extracting(Object::getClass).containsOnlyElementsOf(FACT_TYPES)
                           .containsAll(FACT_TYPES);
        Set<Class<?>> factsCarriedByCommands = commands().stream()
                                                         .map(command -> command.getClass().getRecordComponents()[1].getType())
                                                         .collect(Collectors.toSet());
        assertThat(factsCarriedByCommands).containsExactlyInAnyOrderElementsOf(FACT_TYPES);
    }

    @ParameterizedTest
    @MethodSource("facts")
    void factSurvivesRoundTripUnchanged(LedgerFact fact) throws Exception {
        SerializedObject<String> serialized = serializer.serialize(fact, String.class);

        Object restored = serializer.deserialize(serialized);

        assertThat(restored).isEqualTo(fact);
        assertThat(serialized.getType().getName()).isEqualTo(fact.getClass().getName());
        assertThat(serialized.getType().getRevision()).isEqualTo("1");
        assertThat(reader.readTree(serialized.getData()).has("streamId")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void commandSurvivesRoundTripUnchanged(Object command) {
        SerializedObject<String> serialized = serializer.serialize(command, String.class);

        Object restored = serializer.deserialize(serialized);

        assertThat(restored).isEqualTo(command);
    }

    @Test
    void everyFactTypeCarriesRevisionOne() {
        assertThat(FACT_TYPES).allSatisfy(type -> {
            Revision revision = type.getAnnotation(Revision.class);
            assertThat(revision).as("@Revision on %s", type.getSimpleName()).isNotNull();
            assertThat(revision.value()).as("@Revision on %s", type.getSimpleName()).isEqualTo("1");
        });
    }

    @Test
    void absentOptionalFieldsAreLeftOutOfTheJson() throws Exception {
        SubsidyGranted granted = subsidyGrantedWithoutOptionals(SUBSIDY_ID, FUND_ID, "999.80");

        String json = serializer.serialize(granted, String.class).getData();

        assertThat(json).doesNotContain("null");
        JsonNode tree = reader.readTree(json);
        assertThat(fieldNames(tree)).containsExactlyInAnyOrder(
                "subsidyId", "fundId", "regionCode", "programme", "beneficiary", "amount");
        assertThat(fieldNames(tree.get("beneficiary"))).containsExactlyInAnyOrder("kind", "enterpriseId");
    }

    @Test
    void renderingOfSubsidyGrantedIsTheAgreedOne() {
        SubsidyGranted granted = subsidyGrantedWithoutOptionals(SUBSIDY_ID, FUND_ID, "999.80");

        String json = serializer.serialize(granted, String.class).getData();

        assertThat(json).isEqualTo("{\"subsidyId\":\"" + SUBSIDY_ID + "\",\"fundId\":\"" + FUND_ID + "\","
                + "\"regionCode\":\"" + LIANSHUI + "\",\"programme\":\"EQUIPMENT_RENEWAL\","
                + "\"beneficiary\":{\"kind\":\"ENTERPRISE\",\"enterpriseId\":\"" + DEALER_ID + "\"},"
                + "\"amount\":\"999.80\"}");
    }

    @Test
    void moneyIsWrittenAsStringWithTwoFractionDigits() {
        String grant = serializer.serialize(subsidyGrantedWithoutOptionals(SUBSIDY_ID, FUND_ID, "999.8"), String.class)
                                 .getData();
        String allocation = serializer.serialize(fundAllocated(FUND_ID, "18000000"), String.class).getData();

        assertThat(grant).contains("\"amount\":\"999.80\"");
        assertThat(allocation).contains("\"amount\":\"18000000.00\"");
    }

    @Test
    void moneyInNestedValuesIsWrittenAsString() {
        String json = serializer.serialize(subsidyGranted(SUBSIDY_ID, FUND_ID), String.class).getData();

        assertThat(json).contains("\"price\":\"4999.00\"").contains("\"amount\":\"999.80\"");
    }

    @Test
    void datesAreWrittenAsIsoLocalDates() {
        String json = serializer.serialize(applianceCollected(RETURN_ID), String.class).getData();

        assertThat(json).contains("\"collectedOn\":\"2024-09-01\"");
    }

    @Test
    void derivedStreamIdsAreNotProperties() throws Exception {
        String json = serializer.serialize(subsidyGranted(SUBSIDY_ID, FUND_ID), String.class).getData();

        Set<String> names = fieldNames(reader.readTree(json));
        assertThat(names).doesNotContain("streamId", "fundStreamId");
        assertThat(json).doesNotContain("subsidy:" + SUBSIDY_ID).doesNotContain("fund:" + FUND_ID);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
