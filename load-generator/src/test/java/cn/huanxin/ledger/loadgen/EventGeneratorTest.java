package cn.huanxin.ledger.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.ResidentIdNumber;
import cn.huanxin.ledger.core.common.Vin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern OTHER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern MONEY = Pattern.compile("\\d+\\.\\d{2}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> PROGRAMME_REGIONS = Set.of("320800", "320803", "320804", "320812", "320813",
            "320826", "320830", "320831");
    private static final Set<String> ALL_TYPES = Set.of("FundOpened", "FundAppropriated", "FundAllocated",
            "FundReclaimed", "SubsidyGranted", "SubsidyPaid", "SubsidyReversed", "VehicleScrapped",
            "VehicleDeregistered", "VehicleDismantled", "ApplianceCollected", "ApplianceHandedOver",
            "ApplianceDismantled", "ReverseInvoiceIssued", "ReverseInvoiceVoided", "EnterpriseRegistered",
            "QualificationGranted", "QualificationRevoked", "EquipmentRenewed");
    private static final Set<String> CREATING = Set.of("FundOpened", "SubsidyGranted", "VehicleScrapped",
            "ApplianceCollected", "ReverseInvoiceIssued", "EnterpriseRegistered", "EquipmentRenewed");

    /** The stream of an event, derived from the contract's table rather than from the generator. */
    private static String streamOf(String type, JsonNode p) {
        return switch (type) {
            case "FundOpened", "FundAppropriated", "FundAllocated", "FundReclaimed" -> "fund:" + p.get("fundId").asText();
            case "SubsidyGranted", "SubsidyPaid", "SubsidyReversed" -> "subsidy:" + p.get("subsidyId").asText();
            case "VehicleScrapped", "VehicleDeregistered", "VehicleDismantled" -> "vehicle:" + p.get("vin").asText();
            case "ApplianceCollected", "ApplianceHandedOver", "ApplianceDismantled" -> "appliance:" + p.get("returnId").asText();
            case "ReverseInvoiceIssued", "ReverseInvoiceVoided" -> "reverse-invoice:" + p.get("invoiceNo").asText();
            case "EnterpriseRegistered", "QualificationGranted", "QualificationRevoked" ->
                    "enterprise:" + p.get("enterpriseId").asText();
            case "EquipmentRenewed" -> "equipment:" + p.get("renewalId").asText();
            default -> throw new AssertionError("unknown type " + type);
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 20, 150, 400, 1000, 5000, 30000})
    void producesExactlyTheRequestedNumberOfEvents(int n) {
        EventPlan plan = new EventGenerator("T1", 42).generate(n);
        assertThat(plan.size()).isEqualTo(n);
        assertThat(plan.all()).hasSize(n);
        assertThat(plan.cases()).allSatisfy(c -> assertThat(c).isNotEmpty());
    }

    @Test
    void isDeterministicBySeedAndRunId() {
        List<GeneratedEvent> a = new EventGenerator("T1", 42).generate(3000).all();
        List<GeneratedEvent> b = new EventGenerator("T1", 42).generate(3000).all();
        List<GeneratedEvent> c = new EventGenerator("T1", 43).generate(3000).all();
        assertThat(texts(a)).isEqualTo(texts(b));
        assertThat(texts(a)).isNotEqualTo(texts(c));
    }

    @Test
    void aShorterRunIsAPrefixOfALongerOneUpToTheCasesItCuts() {
        // a run of 1000 events shares its setup with a run of 100000 events of the same seed
        EventPlan small = new EventGenerator("T1", 7).generate(1000);
        EventPlan large = new EventGenerator("T1", 7).generate(100_000);
        assertThat(small.setup().size()).isEqualTo(large.setup().size());
    }

    @Test
    void eventIdsAreUniqueAndWellFormedAndCarryTheRunId() {
        List<GeneratedEvent> events = new EventGenerator("RUN-X.1", 42).generate(20_000).all();
        Set<String> ids = new HashSet<>();
        for (GeneratedEvent e : events) {
            assertThat(e.eventId()).matches(EVENT_ID).startsWith("RUN-X.1-");
            assertThat(ids.add(e.eventId())).as("duplicate %s", e.eventId()).isTrue();
        }
    }

    @Test
    void everyNonCreatingEventFollowsTheCreationOfItsStreamAndNoStreamIsCreatedTwice() throws Exception {
        List<GeneratedEvent> events = new EventGenerator("T2", 42).generate(50_000).all();
        Set<String> created = new HashSet<>();
        Set<String> types = new TreeSet<>();
        for (GeneratedEvent e : events) {
            JsonNode env = MAPPER.readTree(e.json());
            String type = env.get("type").asText();
            types.add(type);
            JsonNode p = env.get("payload");
            String stream = streamOf(type, p);
            assertThat(e.streamId()).isEqualTo(stream);
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.creates()).isEqualTo(CREATING.contains(type));
            if (CREATING.contains(type)) {
                assertThat(created.add(stream)).as("%s creates %s twice", e.eventId(), stream).isTrue();
            } else {
                assertThat(created).as("%s %s before its stream", e.eventId(), type).contains(stream);
            }
            if ("SubsidyGranted".equals(type)) {
                assertThat(created).contains("fund:" + p.get("fundId").asText());
                JsonNode old = p.get("oldItem");
                if (old != null) {
                    String oldStream = ("VEHICLE".equals(old.get("kind").asText()) ? "vehicle:" : "appliance:")
                            + old.get("ref").asText();
                    assertThat(created).as("old item of %s", e.eventId()).contains(oldStream);
                }
            }
        }
        assertThat(types).isEqualTo(new TreeSet<>(ALL_TYPES));
    }

    @Test
    void envelopesAndPayloadsFollowTheContract() throws Exception {
        List<GeneratedEvent> events = new EventGenerator("T3", 42).generate(30_000).all();
        Map<String, String> applianceOwners = new HashMap<>();
        OffsetDateTime now = OffsetDateTime.now();
        for (GeneratedEvent e : events) {
            JsonNode env = MAPPER.readTree(e.json());
            assertThat(fieldNames(env)).containsExactly("eventId", "type", "occurredAt", "payload");
            OffsetDateTime at = OffsetDateTime.parse(env.get("occurredAt").asText());
            assertThat(at.getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
            assertThat(at).isBefore(now);
            assertThat(at.getYear()).isBetween(2023, 2024);
            checkFields(env.get("type").asText(), env.get("payload"), new ArrayList<>());
            JsonNode p = env.get("payload");
            if ("ApplianceCollected".equals(e.type())) {
                applianceOwners.put(p.get("returnId").asText(), p.get("owner").get("idNumber").asText());
            }
            if ("SubsidyGranted".equals(e.type()) && "APPLIANCE".equals(p.get("programme").asText())) {
                assertThat(p.get("beneficiary").get("idNumber").asText())
                        .isEqualTo(applianceOwners.get(p.get("oldItem").get("ref").asText()));
                BigDecimal price = new BigDecimal(p.get("product").get("price").asText());
                BigDecimal rate = p.get("product").get("energyGrade").asInt() == 1 ? new BigDecimal("0.20")
                        : new BigDecimal("0.15");
                BigDecimal expected = price.multiply(rate).min(new BigDecimal("2000")).setScale(2);
                assertThat(new BigDecimal(p.get("amount").asText())).isEqualByComparingTo(expected);
            }
        }
    }

    /** Walks a payload and checks every identifier, money, date and region field. */
    private static void checkFields(String type, JsonNode node, List<String> path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                List<String> p = new ArrayList<>(path);
                p.add(f.getKey());
                checkFields(type, f.getValue(), p);
            }
            return;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                checkFields(type, n, path);
            }
            return;
        }
        String key = path.get(path.size() - 1);
        String v = node.asText();
        String where = type + "." + String.join(".", path) + "=" + v;
        switch (key) {
            case "idNumber" -> assertThat(ResidentIdNumber.problem(v)).as(where).isEmpty();
            case "enterpriseId", "recyclerId", "dismantlerId", "collectorId", "toEnterpriseId", "issuerId", "merchantId" ->
                    assertThat(EnterpriseId.problem(v)).as(where).isEmpty();
            case "vin" -> assertThat(Vin.problem(v)).as(where).isEmpty();
            case "amount", "price", "investment", "amountExclVat" -> {
                assertThat(v).as(where).matches(MONEY);
                assertThat(new BigDecimal(v)).as(where).isPositive();
            }
            case "vat", "incomeTaxWithheld" -> assertThat(v).as(where).matches(MONEY);
            case "weightKg" -> assertThat(new BigDecimal(v)).as(where).isPositive()
                    .satisfies(w -> assertThat(w.scale()).isLessThanOrEqualTo(3));
            case "quantity" -> assertThat(node.isInt() && node.asInt() >= 1).as(where).isTrue();
            case "regionCode" -> {
                if ("VehicleScrapped".equals(type)) {
                    assertThat(v).as(where).matches("\\d{6}");
                } else {
                    assertThat(PROGRAMME_REGIONS).as(where).contains(v);
                }
            }
            case "deliveryRegionCode" -> assertThat(v).as(where).matches("\\d{6}");
            case "subsidyId", "fundId", "returnId", "invoiceNo", "renewalId", "paymentId", "reversalId",
                 "reclaimId", "allocationId", "appropriationId", "certificateNo", "deregistrationNo" ->
                    assertThat(v).as(where).matches(OTHER_ID);
            case "collectedOn", "handedOverOn", "dismantledOn", "scrappedOn", "deregisteredOn", "registeredOn",
                 "ownedSince", "paidOn", "issuedOn", "voidedOn", "validFrom", "validTo", "revokedOn" -> {
                assertThat(v).as(where).matches(DATE);
                LocalDate.parse(v);
            }
            case "energyGrade" -> assertThat(node.asInt()).as(where).isBetween(1, 5);
            default -> {
                // free text or enumerations
            }
        }
        if (path.size() >= 2 && "itemRefs".equals(path.get(path.size() - 1))) {
            assertThat(Vin.problem(v)).as(where).isEmpty();
        }
    }

    @Test
    void refusesRunIdsThatWouldMakeIdsTooLong() {
        assertThatThrownBy(() -> new EventGenerator("x".repeat(33), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventGenerator("bad id", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void differentRunIdsGiveDifferentEnterpriseCodesAndVins() {
        List<GeneratedEvent> a = new EventGenerator("RUN-A", 42).generate(2000).all();
        List<GeneratedEvent> b = new EventGenerator("RUN-B", 42).generate(2000).all();
        Set<String> streamsA = new HashSet<>();
        a.forEach(e -> streamsA.add(e.streamId()));
        for (GeneratedEvent e : b) {
            assertThat(streamsA).doesNotContain(e.streamId());
        }
    }

    private static List<String> texts(List<GeneratedEvent> events) {
        return events.stream().map(GeneratedEvent::jsonText).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
