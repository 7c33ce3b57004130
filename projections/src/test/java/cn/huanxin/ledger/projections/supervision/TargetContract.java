package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.enterprise.EnterpriseRole;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.core.equipment.MeasureUnit;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.util.List;

import static cn.huanxin.ledger.projections.supervision.Sample.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plan targets counted from the events: every counting rule with its near misses, the Asia/Shanghai
 * year boundary, cumulative goals, bitemporal reads and the progress arithmetic. Run on H2 and on
 * PostgreSQL by the subclasses.
 */
abstract class TargetContract {

    static final TargetCatalog CATALOG = new TargetCatalog(List.of(
            target("6", 2024, "ELEVATOR", "25", Counting.equipmentQuantity(EquipmentCategory.ELEVATOR), false),
            target("4", 2024, "POWER_GRID_INVESTMENT", "180000000",
                    Counting.equipmentInvestment(EquipmentCategory.POWER_GRID), false),
            target("17", 2024, "VEHICLES_SCRAPPED", "12000", Counting.of(Counting.Rule.VEHICLES_SCRAPPED), false),
            target("21", 2024, "APPLIANCE_TRADE_INS", "400000", Counting.of(Counting.Rule.APPLIANCE_TRADE_INS), false),
            target("22", 2024, "RECYCLING_FILINGS", "450", Counting.of(Counting.Rule.RECYCLING_FILINGS), false),
            target("23", 2024, "APPLIANCES_COLLECTED", "3", Counting.of(Counting.Rule.APPLIANCES_COLLECTED), false),
            target("17", 2027, "VEHICLES_SCRAPPED", "20000", Counting.of(Counting.Rule.VEHICLES_SCRAPPED), false),
            target("21", 2027, "APPLIANCE_TRADE_INS", "1600000", Counting.of(Counting.Rule.APPLIANCE_TRADE_INS), true),
            target("6", 2027, "ELEVATOR", "127", Counting.equipmentQuantity(EquipmentCategory.ELEVATOR), true)));

    SupervisionFixture fixture;

    abstract JdbcTemplate database();

    static TargetDefinition target(String taskNo, int year, String measure, String figure, Counting counting,
                                   boolean cumulative) {
        return new TargetDefinition(taskNo, year, "domain " + taskNo, "市商务局", measure, "台(套)",
                new BigDecimal(figure), counting, cumulative);
    }

    @BeforeEach
    void setUp() {
        fixture = new SupervisionFixture(database(), CATALOG, TraceDeadlines.DEFAULTS);
    }

    TargetRow row(int year, String measure) {
        return row(year, measure, Bitemporal.EVERYTHING);
    }

    TargetRow row(int year, String measure, Bitemporal time) {
        return fixture.targets(year, time).stream().filter(row -> row.measure().equals(measure)).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + measure + " in " + year));
    }

    @Test
    void rowsComeInCatalogueOrderForTheYearAsked() {
        assertThat(fixture.targets(2024)).extracting(TargetRow::measure).containsExactly("ELEVATOR",
                "POWER_GRID_INVESTMENT", "VEHICLES_SCRAPPED", "APPLIANCE_TRADE_INS", "RECYCLING_FILINGS",
                "APPLIANCES_COLLECTED");
        assertThat(fixture.targets(2025)).isEmpty();
        TargetRow empty = row(2024, "ELEVATOR");
        assertThat(empty.taskNo()).isEqualTo("6");
        assertThat(empty.leadDepartment()).isEqualTo("市商务局");
        assertThat(empty.unit()).isEqualTo("台(套)");
        assertThat(empty.target()).isEqualByComparingTo("25");
        assertThat(empty.actual()).isEqualByComparingTo("0");
        assertThat(empty.progress()).isEqualTo(new BigDecimal("0.0000"));
    }

    @Test
    void equipmentQuantitySumsTheCategoryWithinTheShanghaiYear() {
        String owner = enterprise(1);
        fixture.feed(renewed("EQ-1", owner, EquipmentCategory.ELEVATOR, 10, MeasureUnit.SET, "100.00"), "2024-03-01");
        fixture.feed(renewed("EQ-2", owner, EquipmentCategory.ELEVATOR, 15, MeasureUnit.SET, "100.00"),
                at("2024-12-31", "23:59:59"), at("2025-01-01", "00:10"));
        fixture.feed(renewed("EQ-3", owner, EquipmentCategory.ELEVATOR, 7, MeasureUnit.SET, "100.00"),
                at("2023-12-31", "23:59"), at("2024-01-01", "00:10"));
        // 16:00 UTC on 31 December is already 2025 in Shanghai.
        fixture.feed(renewed("EQ-4", owner, EquipmentCategory.ELEVATOR, 100, MeasureUnit.SET, "100.00"),
                at("2025-01-01", "00:00"), at("2025-01-01", "00:10"));
        fixture.feed(renewed("EQ-5", owner, EquipmentCategory.NEV_BUS, 5, MeasureUnit.UNIT, "100.00"), "2024-05-01");

        TargetRow row = row(2024, "ELEVATOR");

        assertThat(row.actual()).isEqualByComparingTo("25");
        assertThat(row.progress()).isEqualTo(new BigDecimal("1.0000"));
    }

    @Test
    void equipmentInvestmentSumsYuanToTheFen() {
        String owner = enterprise(1);
        fixture.feed(renewed("EQ-1", owner, EquipmentCategory.POWER_GRID, 1, MeasureUnit.PROJECT, "90000000.00"),
                "2024-03-01");
        fixture.feed(renewed("EQ-2", owner, EquipmentCategory.POWER_GRID, 1, MeasureUnit.PROJECT, "0.50"), "2024-04-01");
        fixture.feed(renewed("EQ-3", owner, EquipmentCategory.HEATING_FACILITY, 1, MeasureUnit.PROJECT, "7.00"),
                "2024-04-01");

        TargetRow row = row(2024, "POWER_GRID_INVESTMENT");

        assertThat(row.actual()).isEqualTo(new BigDecimal("90000000.50"));
        assertThat(row.progress()).isEqualTo(new BigDecimal("0.5000"));
    }

    @Test
    void vehiclesScrappedCountsDistinctVinsOnce() {
        String recycler = enterprise(4);
        String owner = person("车主");
        fixture.feed(scrapped(vin(1), "C-1", recycler, owner, "2024-05-01"), "2024-05-01");
        fixture.feed(scrapped(vin(1), "C-2", recycler, owner, "2024-06-01"), "2024-06-01");
        fixture.feed(scrapped(vin(2), "C-3", recycler, owner, "2024-07-01"), "2024-07-01");
        fixture.feed(scrapped(vin(3), "C-4", recycler, owner, "2023-07-01"), "2023-07-01");
        fixture.feed(scrapped(vin(4), "C-5", recycler, owner, "2025-07-01"), "2025-07-01");

        assertThat(row(2024, "VEHICLES_SCRAPPED").actual()).isEqualByComparingTo("2");
        // The 2027 goal is a yearly one: nothing scrapped in 2027 yet.
        assertThat(row(2027, "VEHICLES_SCRAPPED").actual()).isEqualByComparingTo("0");
    }

    @Test
    void applianceTradeInsCountGrantsNotReversedInFull() {
        String buyer = person("买家");
        fixture.feed(applianceGrant("G-1", "F", buyer, null, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(applianceGrant("G-2", "F", buyer, null, "R-2", "1000.00"), "2024-09-01");
        fixture.feed(reversed("G-2", "RV-2", "999.99"), "2024-09-05");
        fixture.feed(applianceGrant("G-3", "F", buyer, null, "R-3", "1000.00"), "2024-09-01");
        fixture.feed(reversed("G-3", "RV-3a", "400.00"), "2024-09-05");
        fixture.feed(reversed("G-3", "RV-3b", "600.00"), "2025-02-01");
        fixture.feed(grant("G-4", "F", Programme.DIGITAL, buyer, null, null,
                new Product(ProductCategory.PHONE, "华为", "Mate", "SN-4", null, Money.parse("4000.00")), "500.00"),
                "2024-09-01");
        fixture.feed(applianceGrant("G-5", "F", buyer, null, "R-5", "1000.00"), "2025-03-01");
        fixture.feed(applianceGrant("G-6", "F", buyer, null, "R-6", "1000.00"), "2023-12-31");

        assertThat(row(2024, "APPLIANCE_TRADE_INS").actual()).isEqualByComparingTo("2");
        // Before the second reversal was made, G-3 still stood.
        assertThat(row(2024, "APPLIANCE_TRADE_INS", new Bitemporal(day("2024-12-31"), null)).actual())
                .isEqualByComparingTo("3");
        // Cumulative to the end of 2027: G-1, G-2, G-5 and G-6.
        assertThat(row(2027, "APPLIANCE_TRADE_INS").actual()).isEqualByComparingTo("4");
    }

    @Test
    void recyclingFilingsCountEnterprisesHoldingTheFilingAtTheEndOfTheYear() {
        String held = enterprise(11);
        String revokedInYear = enterprise(12);
        String revokedNextYear = enterprise(13);
        String grantedEarlier = enterprise(14);
        String grantedTwice = enterprise(15);
        String otherQualification = enterprise(16);
        String regranted = enterprise(17);
        String expired = enterprise(18);
        String grantedNextYear = enterprise(19);
        for (String id : List.of(held, revokedInYear, revokedNextYear, grantedEarlier, grantedTwice, otherQualification,
                regranted, expired, grantedNextYear)) {
            fixture.feed(registered(id, EnterpriseRole.RECYCLER), "2023-01-05");
        }
        fixture.feed(qualified(held, Qualification.RECYCLING_FILING, "2024-03-01", null), "2024-03-01");
        fixture.feed(qualified(revokedInYear, Qualification.RECYCLING_FILING, "2024-03-01", null), "2024-03-01");
        fixture.feed(revoked(revokedInYear, Qualification.RECYCLING_FILING, "2024-11-01"), "2024-11-01");
        fixture.feed(qualified(revokedNextYear, Qualification.RECYCLING_FILING, "2024-05-01", null), "2024-05-01");
        fixture.feed(revoked(revokedNextYear, Qualification.RECYCLING_FILING, "2025-02-01"), "2025-02-01");
        fixture.feed(qualified(grantedEarlier, Qualification.RECYCLING_FILING, "2023-06-01", null), "2023-06-01");
        fixture.feed(qualified(grantedTwice, Qualification.RECYCLING_FILING, "2024-03-01", null), "2024-03-01");
        fixture.feed(qualified(grantedTwice, Qualification.RECYCLING_FILING, "2024-04-01", null), "2024-04-01");
        fixture.feed(qualified(otherQualification, Qualification.WEEE_PROCESSING, "2024-03-01", null), "2024-03-01");
        fixture.feed(qualified(regranted, Qualification.RECYCLING_FILING, "2024-02-01", null), "2024-02-01");
        fixture.feed(revoked(regranted, Qualification.RECYCLING_FILING, "2024-06-01"), "2024-06-01");
        fixture.feed(qualified(regranted, Qualification.RECYCLING_FILING, "2024-09-01", null), "2024-09-01");
        fixture.feed(qualified(expired, Qualification.RECYCLING_FILING, "2024-01-01", "2024-06-30"), "2024-01-01");
        fixture.feed(qualified(grantedNextYear, Qualification.RECYCLING_FILING, "2025-01-02", null), "2025-01-02");

        // held, revokedNextYear, grantedEarlier, grantedTwice, regranted
        assertThat(row(2024, "RECYCLING_FILINGS").actual()).isEqualByComparingTo("5");
        // On 31 May 2024: held, revokedInYear, revokedNextYear, grantedEarlier, grantedTwice, regranted, expired.
        assertThat(row(2024, "RECYCLING_FILINGS", new Bitemporal(day("2024-05-31"), null)).actual())
                .isEqualByComparingTo("7");
    }

    @Test
    void appliancesCollectedCountsCollectionsInTheYearAsKnown() {
        String owner = person("旧家电");
        String collector = enterprise(2);
        fixture.feed(collected("R-1", owner, collector, "2024-03-01", null), "2024-03-01");
        fixture.feed(collected("R-2", owner, collector, "2024-04-01", null), "2024-04-01");
        fixture.feed(collected("R-3", owner, collector, "2024-12-30", null), at("2024-12-30"), at("2025-01-15"));
        fixture.feed(collected("R-4", owner, collector, "2023-12-30", null), "2023-12-30");

        TargetRow everything = row(2024, "APPLIANCES_COLLECTED");
        TargetRow knownAtNewYear = row(2024, "APPLIANCES_COLLECTED", new Bitemporal(null, at("2025-01-01")));

        assertThat(everything.actual()).isEqualByComparingTo("3");
        assertThat(everything.progress()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(knownAtNewYear.actual()).isEqualByComparingTo("2");
        assertThat(knownAtNewYear.progress()).isEqualTo(new BigDecimal("0.6667"));
    }

    @Test
    void cumulativeEquipmentGoalsCountFromTheProgrammeStartToTheEndOfTheirYear() {
        String owner = enterprise(1);
        fixture.feed(renewed("EQ-1", owner, EquipmentCategory.ELEVATOR, 25, MeasureUnit.SET, "1.00"), "2024-06-01");
        fixture.feed(renewed("EQ-2", owner, EquipmentCategory.ELEVATOR, 40, MeasureUnit.SET, "1.00"), "2025-06-01");
        fixture.feed(renewed("EQ-3", owner, EquipmentCategory.ELEVATOR, 62, MeasureUnit.SET, "1.00"), "2027-12-31");
        fixture.feed(renewed("EQ-4", owner, EquipmentCategory.ELEVATOR, 99, MeasureUnit.SET, "1.00"), "2028-01-01");

        TargetRow row = row(2027, "ELEVATOR");

        assertThat(row.actual()).isEqualByComparingTo("127");
        assertThat(row.progress()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(row(2027, "ELEVATOR", new Bitemporal(day("2025-12-31"), null)).progress())
                .isEqualTo(new BigDecimal("0.5118"));
    }

    @Test
    void progressIsRoundedHalfUpToFourPlaces() {
        String owner = person("旧家电");
        fixture.feed(collected("R-1", owner, enterprise(2), "2024-03-01", null), "2024-03-01");

        assertThat(row(2024, "APPLIANCES_COLLECTED").progress()).isEqualTo(new BigDecimal("0.3333"));
    }
}
