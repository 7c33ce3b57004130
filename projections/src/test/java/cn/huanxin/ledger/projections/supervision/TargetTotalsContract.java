package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.core.equipment.MeasureUnit;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static cn.huanxin.ledger.projections.supervision.Sample.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running totals answer exactly what the SQL over {@code supervision_event} counts, for every
 * rule, year, cumulative or not, without a filter and as of many days: on varied event sets fed in
 * batches of random size, with reversals arriving after their grants, partial reversals, VINs scrapped
 * twice, qualifications granted, expiring and revoked, and events delivered twice; and the migration
 * that fills the totals of a database indexed before them. Run on H2 and on PostgreSQL by the
 * subclasses.
 */
abstract class TargetTotalsContract {

    static final List<Integer> YEARS = List.of(2023, 2024, 2025, 2026, 2027);
    static final List<EquipmentCategory> CATEGORIES =
            List.of(EquipmentCategory.ELEVATOR, EquipmentCategory.POWER_GRID, EquipmentCategory.NEV_BUS);
    static final TargetCatalog CATALOG = everyRule(YEARS, CATEGORIES);

    static final List<String> DAYS = List.of("2023-02-10", "2023-07-01", "2023-12-31", "2024-01-01", "2024-03-15",
            "2024-06-30", "2024-09-01", "2024-12-31", "2025-01-01", "2025-02-01", "2025-08-20", "2025-12-31",
            "2026-05-05", "2026-12-31", "2027-03-01", "2027-12-31", "2028-01-01");
    static final List<String> TIMES = List.of("00:00", "00:05", "10:00", "23:59:59");
    static final List<Bitemporal> FILTERS = filters();

    SupervisionFixture fixture;

    abstract JdbcTemplate database();

    /** The vendor directory of the projection migrations: {@code h2} or {@code postgresql}. */
    abstract String vendor();

    @BeforeEach
    void setUp() {
        fixture = new SupervisionFixture(database(), CATALOG, TraceDeadlines.DEFAULTS);
    }

    /** Every rule for every year, yearly and cumulative. */
    static TargetCatalog everyRule(List<Integer> years, List<EquipmentCategory> categories) {
        List<Counting> countings = new ArrayList<>();
        categories.forEach(category -> {
            countings.add(Counting.equipmentQuantity(category));
            countings.add(Counting.equipmentInvestment(category));
        });
        for (Counting.Rule rule : Counting.Rule.values()) {
            if (!rule.needsCategory()) {
                countings.add(Counting.of(rule));
            }
        }
        List<TargetDefinition> targets = new ArrayList<>();
        for (int year : years) {
            for (Counting counting : countings) {
                targets.add(TargetContract.target("Y", year, counting.measure(), "100", counting, false));
                targets.add(TargetContract.target("C", year, counting.measure(), "100", counting, true));
            }
        }
        return new TargetCatalog(targets);
    }

    private static List<Bitemporal> filters() {
        List<Bitemporal> filters = new ArrayList<>();
        filters.add(Bitemporal.EVERYTHING);
        for (String day : List.of("2022-12-31", "2023-12-31", "2024-01-01", "2024-06-30", "2024-12-30", "2025-01-31",
                "2025-12-31", "2026-07-01", "2027-12-31", "2030-01-01")) {
            filters.add(new Bitemporal(day(day), null));
        }
        return filters;
    }

    /**
     * Asserts that the totals answer, and answer what the SQL counts, for every target and filter, on
     * one connection (the test PostgreSQL opens one per statement otherwise).
     */
    void assertTotalsEqualSql() {
        List<String> differences = new ArrayList<>();
        try (Connection connection = database().getDataSource().getConnection()) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            TargetTotals totals = new TargetTotals(new SupervisionStore(jdbc));
            TargetCounter counter = new TargetCounter(jdbc, totals);
            for (TargetDefinition target : CATALOG.targets()) {
                for (Bitemporal time : FILTERS) {
                    BigDecimal fast = totals.actual(target, time).orElseThrow();
                    BigDecimal sql = counter.counted(target, time);
                    if (!fast.equals(sql)) {
                        differences.add(target.year() + " " + target.measure()
                                + (target.cumulative() ? " cumulative" : "") + " asOf " + time.asOf()
                                + ": totals " + fast + ", SQL " + sql);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(differences).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void totalsEqualTheSqlCountOnRandomEventsFedInBatches(long seed) {
        Random random = new Random(seed);
        List<LedgerFact> facts = randomFacts(random, 180);
        int checkpoint = facts.size() / 3;
        List<DomainEventMessage<?>> delivered = new ArrayList<>();
        int from = 0;
        while (from < facts.size()) {
            int to = Math.min(facts.size(), from + 1 + random.nextInt(30));
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            for (LedgerFact fact : facts.subList(from, to)) {
                Instant occurredAt = at(DAYS.get(random.nextInt(DAYS.size())), TIMES.get(random.nextInt(TIMES.size())));
                batch.add(fixture.message(fact, occurredAt, occurredAt.plusSeconds(60L + random.nextInt(86_400 * 40))));
            }
            if (!delivered.isEmpty() && random.nextInt(3) == 0) {
                batch.add(delivered.get(random.nextInt(delivered.size())));
            }
            if (random.nextInt(4) == 0) {
                batch.add(batch.get(random.nextInt(batch.size())));
            }
            inOneUnitOfWork(batch);
            delivered.addAll(batch);
            if (from / checkpoint != to / checkpoint) {
                assertTotalsEqualSql();
            }
            from = to;
        }
        assertTotalsEqualSql();
    }

    /** Facts on a few keys each, so that keys collect several events: grants and reversals, VINs, enterprises. */
    static List<LedgerFact> randomFacts(Random random, int count) {
        List<String> amounts = List.of("100.00", "400.00", "600.00", "999.99", "1000.00");
        List<Qualification> qualifications = List.of(Qualification.RECYCLING_FILING, Qualification.RECYCLING_FILING,
                Qualification.WEEE_PROCESSING);
        List<LedgerFact> facts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String day = DAYS.get(random.nextInt(DAYS.size()));
            String laterDay = DAYS.get(random.nextInt(DAYS.size()));
            facts.add(switch (random.nextInt(9)) {
                case 0 -> renewed("EQ-" + i, enterprise(1 + random.nextInt(3)), CATEGORIES.get(random.nextInt(3)),
                        1 + random.nextInt(50), MeasureUnit.SET, (1 + random.nextInt(90_000)) + "." + random.nextInt(10) + "5");
                case 1 -> collected("R-" + i, person("旧家电"), enterprise(2), day, null);
                case 2 -> scrapped(vin(1 + random.nextInt(8)), "C-" + i, enterprise(4), person("车主"), day);
                case 3 -> applianceGrant("G-" + random.nextInt(12), "F", person("买家"), null, "R-" + i, "1000.00");
                case 4, 5 -> reversed("G-" + random.nextInt(12), "RV-" + i, amounts.get(random.nextInt(amounts.size())));
                case 6 -> qualified(enterprise(10 + random.nextInt(5)), qualifications.get(random.nextInt(3)), day,
                        random.nextBoolean() ? null : laterDay);
                case 7 -> revoked(enterprise(10 + random.nextInt(5)), qualifications.get(random.nextInt(3)), day);
                default -> grant("D-" + random.nextInt(4), "F", Programme.DIGITAL, person("买家"), null, null,
                        new Product(ProductCategory.PHONE, "华为", "Mate", "SN-" + i, null, Money.parse("4000.00")),
                        "500.00");
            });
        }
        return facts;
    }

    @Test
    void aReversalInALaterBatchAndALaterYearTakesAGrantOutOnlyWhenItReachesTheAmount() {
        fixture.feed(applianceGrant("G-1", "F", person("买家"), null, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(applianceGrant("G-2", "F", person("买家"), null, "R-2", "1000.00"), "2024-09-01");
        fixture.feed(reversed("G-1", "RV-1", "400.00"), "2024-10-01");
        assertTotalsEqualSql();

        fixture.feed(reversed("G-2", "RV-2", "999.99"), "2025-03-01");
        fixture.feed(reversed("G-1", "RV-1b", "600.00"), "2025-02-01");

        assertThat(row(2024, "APPLIANCE_TRADE_INS", Bitemporal.EVERYTHING)).isEqualByComparingTo("1");
        assertThat(row(2024, "APPLIANCE_TRADE_INS", new Bitemporal(day("2025-01-31"), null))).isEqualByComparingTo("2");
        assertTotalsEqualSql();
    }

    @Test
    void aVinScrappedTwiceCountsOnceAYearAndOnceCumulatively() {
        String vin = vin(1);
        fixture.feed(scrapped(vin, "C-1", enterprise(4), person("车主"), "2024-05-01"), "2024-05-01");
        fixture.feed(scrapped(vin, "C-2", enterprise(4), person("车主"), "2024-06-01"), "2024-06-01");
        fixture.feed(scrapped(vin, "C-3", enterprise(4), person("车主"), "2025-06-01"), "2025-06-01");

        assertThat(row(2024, "VEHICLES_SCRAPPED", Bitemporal.EVERYTHING)).isEqualByComparingTo("1");
        assertThat(row(2025, "VEHICLES_SCRAPPED", Bitemporal.EVERYTHING)).isEqualByComparingTo("1");
        assertTotalsEqualSql();
    }

    @Test
    void aFilingCountsWhileHeldAndStopsWhenRevokedOrExpired() {
        String revokedLater = enterprise(11);
        String expires = enterprise(12);
        fixture.feed(qualified(revokedLater, Qualification.RECYCLING_FILING, "2024-03-01", null), "2024-03-01");
        fixture.feed(qualified(expires, Qualification.RECYCLING_FILING, "2023-01-01", "2024-06-30"), "2023-01-01");
        fixture.feed(qualified(expires, Qualification.RECYCLING_FILING, "2024-06-01", "2025-06-30"), "2024-06-01");
        assertTotalsEqualSql();

        fixture.feed(revoked(revokedLater, Qualification.RECYCLING_FILING, "2025-02-01"), "2025-02-01");

        assertThat(row(2024, "RECYCLING_FILINGS", Bitemporal.EVERYTHING)).isEqualByComparingTo("2");
        assertThat(row(2025, "RECYCLING_FILINGS", Bitemporal.EVERYTHING)).isEqualByComparingTo("0");
        assertTotalsEqualSql();
    }

    @Test
    void anEventDeliveredAgainChangesNoTotal() {
        DomainEventMessage<?> renewal = fixture.feed(
                renewed("EQ-1", enterprise(1), EquipmentCategory.ELEVATOR, 10, MeasureUnit.SET, "100.00"), "2024-03-01");
        DomainEventMessage<?> scrapping = fixture.feed(
                scrapped(vin(1), "C-1", enterprise(4), person("车主"), "2024-05-01"), "2024-05-01");
        DomainEventMessage<?> grant = fixture.feed(applianceGrant("G-1", "F", person("买家"), null, "R-1", "1000.00"),
                "2024-09-01");
        fixture.deliver(renewal);
        inOneUnitOfWork(List.of(scrapping, grant, renewal, grant));

        assertThat(row(2024, "ELEVATOR", Bitemporal.EVERYTHING)).isEqualByComparingTo("10");
        assertThat(row(2024, "VEHICLES_SCRAPPED", Bitemporal.EVERYTHING)).isEqualByComparingTo("1");
        assertThat(row(2024, "APPLIANCE_TRADE_INS", Bitemporal.EVERYTHING)).isEqualByComparingTo("1");
        assertTotalsEqualSql();
    }

    @Test
    void aCatalogueChangedAfterTheEventsIsAnsweredFromTheTotalsAndRightly() {
        fixture.feed(renewed("EQ-1", enterprise(1), EquipmentCategory.GRAIN_DRYER, 3, MeasureUnit.SET, "10.00"),
                "2024-03-01");
        TargetDefinition added = TargetContract.target("99", 2024, "GRAIN_DRYER", "10",
                Counting.equipmentQuantity(EquipmentCategory.GRAIN_DRYER), false);
        SupervisionProjection changed = new SupervisionProjection(database(), new TargetCatalog(List.of(added)),
                TraceDeadlines.DEFAULTS);

        assertThat(changed.handle(new FindTargetsQuery(2024, Bitemporal.EVERYTHING)))
                .extracting(TargetRow::actual).containsExactly(new BigDecimal("3"));
        assertThat(new TargetTotals(new SupervisionStore(database())).actual(added, Bitemporal.EVERYTHING))
                .contains(new BigDecimal("3"));
    }

    @Test
    void knownAtIsCountedWithSql() {
        fixture.feed(collected("R-1", person("旧家电"), enterprise(2), "2024-03-01", null), at("2024-03-01"),
                at("2025-01-15"));
        Bitemporal knownAt = new Bitemporal(null, at("2025-01-01"));
        TargetDefinition collected = CATALOG.forYear(2024).stream()
                .filter(target -> target.measure().equals("APPLIANCES_COLLECTED") && !target.cumulative())
                .findFirst().orElseThrow();

        assertThat(new TargetTotals(new SupervisionStore(database())).actual(collected, knownAt)).isEmpty();
        assertThat(row(2024, "APPLIANCES_COLLECTED", knownAt)).isEqualByComparingTo("0");
        assertThat(row(2024, "APPLIANCES_COLLECTED", Bitemporal.EVERYTHING)).isEqualByComparingTo("1");
    }

    @Test
    void aResetClearsTheTotalsWithTheEvents() {
        fixture.feed(collected("R-1", person("旧家电"), enterprise(2), "2024-03-01", null), "2024-03-01");
        assertThat(fixture.count(TargetTotals.TABLE)).isPositive();

        fixture.reset();

        assertThat(fixture.count(TargetTotals.TABLE)).isZero();
        assertThat(row(2024, "APPLIANCES_COLLECTED", Bitemporal.EVERYTHING)).isEqualByComparingTo("0");
    }

    @Test
    void theMigrationFillsTheTotalsOfADatabaseIndexedBeforeThem() {
        Random random = new Random(4);
        for (LedgerFact fact : randomFacts(random, 150)) {
            Instant occurredAt = at(DAYS.get(random.nextInt(DAYS.size())), TIMES.get(random.nextInt(TIMES.size())));
            fixture.feed(fact, occurredAt, occurredAt.plusSeconds(60));
        }
        database().execute("DROP TABLE " + TargetTotals.TABLE);
        database().update("DELETE FROM \"flyway_schema_history\" WHERE \"version\" IN ('680', '681')");

        // out of order: migrations later than 681 stay applied
        MigrateResult result = Flyway.configure().dataSource(database().getDataSource()).outOfOrder(true)
                .locations("classpath:db/projection/" + vendor(), "classpath:db/projection/common").load().migrate();

        assertThat(result.migrations).extracting(migration -> migration.version).containsExactly("680", "681");
        assertThat(fixture.count(TargetTotals.TABLE)).isPositive();
        assertTotalsEqualSql();
    }

    BigDecimal row(int year, String measure, Bitemporal time) {
        return fixture.targets(year, time).stream()
                .filter(row -> row.measure().equals(measure) && row.taskNo().equals("Y")).findFirst()
                .orElseThrow().actual();
    }

    void inOneUnitOfWork(List<DomainEventMessage<?>> messages) {
        UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(messages.get(0));
        messages.forEach(fixture::deliver);
        unitOfWork.commit();
    }
}
