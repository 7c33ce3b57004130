package cn.huanxin.ledger.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FindAlertsQuery;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import cn.huanxin.ledger.projections.fraud.rules.R22CampaignPriceMarkup;
import cn.huanxin.ledger.projections.fraud.rules.R23OldSoldAsNew;
import cn.huanxin.ledger.projections.fraud.rules.R24MerchantBurst;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The background is clean for rules R22, R23 and R24, and the planted cases are found: the generated
 * grants and collected appliances, in posting order, go through the fraud view with those rules (on
 * an in-memory database, as the ledger would read them), which must raise nothing on the background
 * alone and exactly the planted alerts, with their subjects and windows, when the cases are planted.
 * Only the events these rules read are mapped; pseudonyms stand in for the ID numbers the ledger would
 * pseudonymise.
 */
class PlantedCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBackgroundRaisesNoAlertOfR22ToR24() {
        EventPlan plan = new EventGenerator("BG", 42).generate(60_000);
        assertThat(plan.planted()).isEmpty();
        List<AlertView> alerts = alerts(plan);
        assertThat(alerts).as("alerts on the background: %s", alerts.stream().map(AlertView::summaryEn).toList())
                .isEmpty();
    }

    @Test
    void aBusyBackgroundStillRaisesNoMerchantBurst() {
        // ten times the events over the same days: dealers' days fill up, more dealers join, none bursts
        EventPlan plan = new EventGenerator("BUSY", 7).generate(300_000);
        assertThat(alerts(plan)).isEmpty();
    }

    @Test
    void everyPlantedCaseIsRaisedWithItsSubjectAndNothingElse() {
        EventPlan plan = new EventGenerator("PL", 42, true).generate(60_000);
        assertThat(plan.planted()).extracting(EventPlan.Planted::ruleId).containsExactly("R22", "R23", "R24");

        List<AlertView> alerts = alerts(plan);
        assertThat(alerts).extracting(a -> new EventPlan.Planted(a.ruleId(), a.subject().kind(), a.subject().ref(),
                a.window())).containsExactlyInAnyOrderElementsOf(plan.planted());
        assertThat(alerts).filteredOn(a -> a.ruleId().equals("R24")).singleElement()
                .satisfies(alert -> assertThat(alert.evidenceCount()).isEqualTo(60));
        assertThat(alerts).filteredOn(a -> a.ruleId().equals("R22")).singleElement()
                .satisfies(alert -> assertThat(alert.summaryEn()).contains("+25.0%"));
    }

    @Test
    void plantingLeavesTheBackgroundsCasesAsTheyWere() {
        List<String> without = payloads(new EventGenerator("SAME", 42).generate(20_000));
        List<String> with = payloads(new EventGenerator("SAME", 42, true).generate(20_000));
        assertThat(with).containsAll(without.stream().filter(p -> p.contains("\"SubsidyGranted\"")).toList());
    }

    /** The grants' payloads without their event ids, which number the events in posting order. */
    private static List<String> payloads(EventPlan plan) {
        return plan.all().stream().map(GeneratedEvent::jsonText)
                .map(json -> json.substring(json.indexOf("\"type\""))).toList();
    }

    private static List<AlertView> alerts(EventPlan plan) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:planted-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/projection/h2", "classpath:db/projection/common").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        RuleSettings settings = RuleSettings.DEFAULTS;
        FraudView view = new FraudView(jdbc, List.of(new R22CampaignPriceMarkup(settings),
                new R23OldSoldAsNew(settings), new R24MerchantBurst(settings)), new PolicyTable(List.of()),
                RegionTable.huaian(), AlertListener.NONE);
        List<FraudEvent> page = new ArrayList<>();
        long recorded = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
        for (GeneratedEvent event : plan.all()) {
            LedgerFact fact = fact(event);
            if (fact == null) {
                continue;
            }
            JsonNode envelope = read(event);
            Instant occurredAt = OffsetDateTime.parse(envelope.get("occurredAt").asText()).toInstant();
            page.add(new FraudEvent(fact, new RecordedEvent(
                    UUID.nameUUIDFromBytes(event.eventId().getBytes(StandardCharsets.UTF_8)).toString(),
                    event.streamId(), 0, event.type(), occurredAt, Instant.ofEpochSecond(recorded++), "importer",
                    true)));
            if (page.size() == 2_000) {
                view.process(page);
                page.clear();
            }
        }
        view.process(page);
        return view.alerts(new FindAlertsQuery(null, null, null, null, null, 1000)).items();
    }

    private static JsonNode read(GeneratedEvent event) {
        try {
            return JSON.readTree(event.json());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The fact of a grant or a collected appliance as the ledger records it; null for other types. */
    private static LedgerFact fact(GeneratedEvent event) {
        if (!event.type().equals("SubsidyGranted") && !event.type().equals("ApplianceCollected")) {
            return null;
        }
        JsonNode p = read(event).get("payload");
        if (event.type().equals("ApplianceCollected")) {
            return new ApplianceCollected(ReturnId.of(p.get("returnId").asText()),
                    ProductCategory.valueOf(p.get("category").asText()), p.get("brand").asText(),
                    p.get("model").asText(), text(p, "serialNo"),
                    new NaturalPerson(pseudonym(p.get("owner").get("idNumber").asText())),
                    EnterpriseId.of(p.get("collectorId").asText()), LocalDate.parse(p.get("collectedOn").asText()),
                    RegionCode.of(p.get("regionCode").asText()), null);
        }
        JsonNode product = p.get("product");
        JsonNode old = p.get("oldItem");
        return new SubsidyGranted(SubsidyId.of(p.get("subsidyId").asText()), FundId.of(p.get("fundId").asText()),
                RegionCode.of(p.get("regionCode").asText()), Programme.valueOf(p.get("programme").asText()),
                Beneficiary.person(pseudonym(p.get("beneficiary").get("idNumber").asText())),
                p.has("merchantId") ? EnterpriseId.of(p.get("merchantId").asText()) : null,
                product == null ? null : new Product(ProductCategory.valueOf(product.get("category").asText()),
                        product.get("brand").asText(), product.get("model").asText(), text(product, "serialNo"),
                        product.has("energyGrade") ? product.get("energyGrade").asInt() : null,
                        Money.parse(product.get("price").asText())),
                text(p, "invoiceNo"), Money.parse(p.get("amount").asText()),
                old == null ? null : new OldItem(OldItemKind.valueOf(old.get("kind").asText()), old.get("ref").asText()),
                null, null);
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }

    private static Pseudonym pseudonym(String idNumber) {
        return Pseudonym.of(String.format("%064x", new java.math.BigInteger(1, idNumber.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 64));
    }
}
