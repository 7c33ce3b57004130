package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.alert.Disposition;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.vehicle.EmissionStandard;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.core.common.Vin;
import cn.huanxin.ledger.projections.fraud.AlertIds;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.DefaultPolicy;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.TestEvents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.DISMANTLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.enterprise;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.vin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch engine against the per-event implementation it replaced (kept in test code, package
 * {@code legacy}, as the oracle): random event sequences over small sets of people, vehicles,
 * appliances, accounts, sellers and enterprises — so that every rule fires, bursts open, deadlines
 * pass, evidence accumulates and dispositions arrive before and after their alerts — are fed event
 * by event to the old view and in batches of random sizes (through a unit of work, as a processor
 * does, or as pages, as an investigation does) to the new one. Every table of the view must end the
 * same, row for row.
 */
class BatchEngineEquivalenceTest {

    /** Small limits, so that the bursts and caps of R08, R09, R15, R16 and R20 are reached. */
    static final RuleSettings SETTINGS = new RuleSettings(Map.of(
            "R08", Map.of("max-subsidies", "2", "window-days", "3"),
            "R09", Map.of("max-beneficiaries", "1", "window-days", "3"),
            "R12", Map.of("collection-days", "2", "dismantling-days", "3"),
            "R13", Map.of("closure-days", "3"),
            "R15", Map.of("cap", "3000", "months", "2"),
            "R16", Map.of("exempt-monthly-sales", "1500"),
            "R17", Map.of(),
            "R19", Map.of("payment-days", "3"),
            "R20", Map.of("late-hours", "24", "burst-limit", "2")));

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void randomSequencesEndInTheSameTablesOnH2() {
        for (long seed = 1; seed <= 40; seed++) {
            compare(seed, ProjectionDatabases.h2(), ProjectionDatabases.h2(), 250, 0, false);
        }
    }

    /**
     * A view started again on tables that earlier views filled (a restart, or another node taking the
     * view over) has forgotten what the rules kept, key filters included: its rules make them again
     * from the tables, and must end exactly as one view would have.
     */
    @Test
    void viewsStartedAgainOnFilledTablesEndInTheSameTablesOnH2() {
        for (long seed = 61; seed <= 80; seed++) {
            compare(seed, ProjectionDatabases.h2(), ProjectionDatabases.h2(), 250, 0, false, true);
        }
    }

    /**
     * With read threads, a unit of work's first batch is read on connections of their own, outside its
     * transaction; its later batches (more events than the engine holds at once) must see what the
     * earlier ones wrote in the transaction, so they read in it. Each unit of work here runs in a
     * transaction, as a processor's does, with the engine's bound small enough to split most of them.
     */
    @Test
    void readThreadsReadWhatTheTransactionWouldOnH2() {
        for (long seed = 41; seed <= 60; seed++) {
            compare(seed, ProjectionDatabases.h2(), ProjectionDatabases.h2(), 250, 2, true);
        }
    }

    @Test
    void randomSequencesEndInTheSameTablesOnPostgres() throws SQLException {
        // One connection for the whole test: the embedded server's data source opens one per statement.
        SingleConnectionDataSource connection = new SingleConnectionDataSource(
                ProjectionDatabases.migrated(postgres).getDataSource().getConnection(), true);
        JdbcTemplate jdbc = new JdbcTemplate(connection);
        for (long seed = 100; seed <= 105; seed++) {
            // One database for both views, one after the other: the old view's tables are read, then
            // cleared for the new one.
            compare(seed, jdbc, jdbc, 300, 0, false);
        }
    }

    private void compare(long seed, JdbcTemplate oldDb, JdbcTemplate newDb, int count, int readThreads,
                         boolean inTransactions) {
        compare(seed, oldDb, newDb, count, readThreads, inTransactions, false);
    }

    /** With {@code restarts}, the events are fed to new views on the same tables now and then. */
    private void compare(long seed, JdbcTemplate oldDb, JdbcTemplate newDb, int count, int readThreads,
                         boolean inTransactions, boolean restarts) {
        Random random = new Random(seed);
        List<FraudEvent> events = new Generator(random).events(count);

        cn.huanxin.ledger.projections.fraud.legacy.FraudView before = new cn.huanxin.ledger.projections.fraud.legacy
                .FraudView(oldDb, legacyRules(), DefaultPolicy.table(), RegionTable.huaian(), AlertListener.NONE);
        before.reset();
        // One unit of work, so that the old view writes its clock once at the end, as a processor's batch does.
        UnitOfWork<?> all = DefaultUnitOfWork.startAndGet(null);
        for (FraudEvent event : events) {
            before.handle(event.fact(), event.event());
        }
        all.commit();
        Map<String, List<String>> expected = tables(oldDb);

        int maxBatch = 1 + random.nextInt(64);
        java.util.function.Supplier<FraudView> start = () -> new FraudView(newDb, rules(), DefaultPolicy.table(),
                RegionTable.huaian(), AlertListener.NONE, maxBatch, FraudView.DEFAULT_EVIDENCE_BOUND,
                RuleMemory.DEFAULT_BOUND, readThreads);
        FraudView first = start.get();
        first.reset();
        FraudView[] view = {first};
        TransactionTemplate transaction = new TransactionTemplate(
                new DataSourceTransactionManager(newDb.getDataSource()));
        int at = 0;
        while (at < events.size()) {
            int size = 1 + random.nextInt(random.nextBoolean() ? 8 : 200);
            List<FraudEvent> batch = events.subList(at, Math.min(events.size(), at + size));
            if (restarts && random.nextInt(5) == 0) {
                view[0] = start.get();
            }
            FraudView after = view[0];
            Runnable feed;
            if (random.nextInt(4) == 0) {
                feed = () -> after.process(batch);
            } else {
                feed = () -> {
                    UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
                    batch.forEach(event -> after.handle(event.fact(), event.event()));
                    unit.commit();
                };
            }
            if (inTransactions) {
                transaction.executeWithoutResult(status -> feed.run());
            } else {
                feed.run();
            }
            at += batch.size();
        }
        Map<String, List<String>> actual = tables(newDb);
        if (!actual.equals(expected) && System.getProperty("fraud.dump") != null) {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of("/tmp/eq-old.txt"), expected.entrySet().stream()
                        .flatMap(e -> e.getValue().stream().map(r -> e.getKey() + "|" + r)).toList());
                java.nio.file.Files.write(java.nio.file.Path.of("/tmp/eq-new.txt"), actual.entrySet().stream()
                        .flatMap(e -> e.getValue().stream().map(r -> e.getKey() + "|" + r)).toList());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        for (String table : expected.keySet()) {
            List<String> oldKeys = expected.get(table).stream().map(r -> r.substring(0, r.indexOf('|'))).toList();
            List<String> newKeys = actual.get(table).stream().map(r -> r.substring(0, r.indexOf('|'))).toList();
            if (table.equals("fraud_alert")) {
                List<String> onlyOld = expected.get(table).stream()
                        .filter(r -> !newKeys.contains(r.substring(0, r.indexOf('|')))).toList();
                List<String> onlyNew = actual.get(table).stream()
                        .filter(r -> !oldKeys.contains(r.substring(0, r.indexOf('|')))).toList();
                assertThat(onlyOld).as("seed %d: alerts only the old view raised (new only: %s)", seed, onlyNew)
                        .isEmpty();
                assertThat(onlyNew).as("seed %d: alerts only the new view raised", seed).isEmpty();
            }
            List<String> missing = new ArrayList<>(expected.get(table));
            missing.removeAll(actual.get(table));
            List<String> extra = new ArrayList<>(actual.get(table));
            extra.removeAll(expected.get(table));
            assertThat(missing).as("seed %d, table %s: rows only the old view wrote (new view wrote %s)", seed, table,
                    extra).isEmpty();
            assertThat(actual.get(table)).as("seed %d, table %s", seed, table).isEqualTo(expected.get(table));
        }
    }

    private static List<String> allTables() {
        List<String> tables = new ArrayList<>(List.of("fraud_alert", "fraud_alert_evidence", "fraud_clock",
                "fraud_pending_disposition"));
        rules().forEach(rule -> tables.addAll(rule.tables()));
        return tables;
    }

    private static Map<String, List<String>> tables(JdbcTemplate jdbc) {
        return tables(jdbc, allTables());
    }

    /** Every row of the tables, each table's rows as text and sorted. */
    static Map<String, List<String>> tables(JdbcTemplate jdbc, List<String> tables) {
        Map<String, List<String>> contents = new java.util.LinkedHashMap<>();
        for (String table : tables) {
            List<String> rows = new ArrayList<>(jdbc.query("SELECT * FROM " + table, (rs, n) -> {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.append(value == null ? "null" : value.toString()).append('|');
                }
                return row.toString();
            }));
            rows.sort(null);
            contents.put(table, rows);
        }
        return contents;
    }

    private static List<FraudRule> rules() {
        return List.of(new R01PerPersonCategoryLimit(SETTINGS), new R02RateAndCap(SETTINGS),
                new R03SerialNumberReuse(SETTINGS), new R04IdentityMatch(SETTINGS),
                new R05VehicleSubsidyUniqueness(SETTINGS), new R06ScrapEligibility(SETTINGS),
                new R07PolicyWindow(SETTINGS), new R08AddressHoarding(SETTINGS), new R09SharedPayeeAccount(SETTINGS),
                new R10InvoiceReuse(SETTINGS), new R11OutOfRegion(SETTINGS), new R12OrphanOldItem(SETTINGS),
                new R13ElvClosure(SETTINGS), new R14ReverseInvoiceIssuer(SETTINGS), new R15ReverseInvoiceCap(SETTINGS),
                new R16ReverseInvoiceTax(SETTINGS), new R17QuotaOverdraw(SETTINGS), new R18OverPayment(SETTINGS),
                new R19PaymentDeadline(SETTINGS), new R20LateUpload(SETTINGS),
                new R21IneligibleVehicleClass(SETTINGS));
    }

    private static List<cn.huanxin.ledger.projections.fraud.legacy.FraudRule> legacyRules() {
        String p = "cn.huanxin.ledger.projections.fraud.legacy.rules.";
        List<cn.huanxin.ledger.projections.fraud.legacy.FraudRule> rules = new ArrayList<>();
        for (FraudRule rule : rules()) {
            try {
                rules.add((cn.huanxin.ledger.projections.fraud.legacy.FraudRule) Class
                        .forName(p + rule.getClass().getSimpleName()).getConstructor(RuleSettings.class)
                        .newInstance(SETTINGS));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return rules;
    }

    /** Random facts over small key sets, with event times that mostly move forward. */
    static final class Generator {

        private static final Programme[] PROGRAMMES = Programme.values();
        private static final Qualification[] QUALIFICATIONS = {Qualification.WEEE_PROCESSING,
                Qualification.VEHICLE_RECYCLING, Qualification.RECYCLING_FILING, Qualification.HAZARDOUS_WASTE};
        private static final String[] REGIONS = {"320812", "320803", "110101"};

        private final Random random;
        /** How many distinct people, vehicles, appliances, accounts, sellers and invoices to draw from, per one. */
        private final int keys;
        /** The most minutes event time moves forward from one event to the next. */
        private final int step;
        private final TestEvents messages = new TestEvents();
        private final List<String> subsidies = new ArrayList<>();
        private final List<String> invoices = new ArrayList<>();
        private final List<String> alertIds = new ArrayList<>();
        private LocalDateTime now = LocalDateTime.of(2024, 9, 1, 9, 0);

        Generator(Random random) {
            this(random, 1, 300);
        }

        Generator(Random random, int keys, int step) {
            this.random = random;
            this.keys = keys;
            this.step = step;
        }

        List<FraudEvent> events(int count) {
            List<FraudEvent> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                now = now.plusMinutes(random.nextInt(random.nextInt(10) == 0 ? 10 * step : step));
                LocalDateTime occurred = random.nextInt(12) == 0 ? now.minusHours(random.nextInt(72)) : now;
                Instant occurredAt = occurred.toInstant(ZoneOffset.ofHours(8));
                Instant recordedAt = random.nextInt(8) == 0 ? occurredAt.plusSeconds(3600L * (20 + random.nextInt(30)))
                        : occurredAt.plusSeconds(1);
                LedgerFact fact = fact(occurred.toLocalDate());
                var message = messages.message(fact, occurredAt, recordedAt, "source-" + random.nextInt(2),
                        random.nextInt(20) == 0);
                events.add(new FraudEvent(fact, RecordedEvent.of(message)));
            }
            return events;
        }

        private String day(LocalDate day, int spread) {
            return day.minusDays(random.nextInt(spread + 1)).toString();
        }

        private Vin someVin() {
            return vin(1 + random.nextInt(5 * keys));
        }

        private EnterpriseId someEnterprise() {
            return switch (random.nextInt(4)) {
                case 0 -> RECYCLER;
                case 1 -> DISMANTLER;
                default -> enterprise(2 + random.nextInt(2 * keys));
            };
        }

        private String someSeller() {
            return String.format("%064x", 0x50000 + random.nextInt(3 * keys));
        }

        private LedgerFact fact(LocalDate today) {
            int kind = random.nextInt(100);
            if (kind < 40) {
                return grant(today);
            }
            if (kind < 50 && !subsidies.isEmpty()) {
                String subsidy = random.nextInt(10) == 0 ? "S-UNKNOWN" : subsidies.get(random.nextInt(subsidies.size()));
                return ChainFacts.paid(subsidy, "P-" + random.nextInt(1_000_000), ref(0x20000 + random.nextInt(2 * keys)),
                        day(today, 6));
            }
            if (kind < 54 && !subsidies.isEmpty()) {
                return R14ToR20Facts.reversed(subsidies.get(random.nextInt(subsidies.size())),
                        "RV-" + random.nextInt(1_000_000), random.nextBoolean() ? "799.80" : "100");
            }
            if (kind < 60) {
                LocalDate registered = LocalDate.of(2008 + random.nextInt(16), 5, 1);
                return new VehicleScrapped(someVin(), "BF-" + random.nextInt(3 * keys), someEnterprise(),
                        new NaturalPerson(ref(1 + random.nextInt(4 * keys))),
                        VehicleClass.values()[random.nextInt(3) == 0 ? random.nextInt(8) : 0],
                        random.nextBoolean() ? Fuel.PETROL : Fuel.DIESEL, EmissionStandard.CHINA_III,
                        registered, registered.plusYears(random.nextInt(4)),
                        LocalDate.parse(day(today, 3)), RegionCode.of(REGIONS[random.nextInt(REGIONS.length)]));
            }
            if (kind < 63) {
                return random.nextBoolean() ? ChainFacts.deregistered(someVin(), day(today, 2))
                        : ChainFacts.vehicleDismantled(someVin(), day(today, 2));
            }
            if (kind < 67) {
                return ChainFacts.collected("R-" + random.nextInt(5 * keys), ref(1 + random.nextInt(4 * keys)), day(today, 3));
            }
            if (kind < 70) {
                return ChainFacts.applianceDismantled("R-" + random.nextInt(5 * keys), someEnterprise(), day(today, 2));
            }
            if (kind < 74) {
                Qualification q = QUALIFICATIONS[random.nextInt(QUALIFICATIONS.length)];
                return random.nextInt(3) == 0 ? ChainFacts.revoked(someEnterprise(), q, day(today, 20))
                        : ChainFacts.qualified(someEnterprise(), q, day(today, 60),
                        random.nextBoolean() ? null : today.plusDays(random.nextInt(40)).toString());
            }
            if (kind < 84) {
                String no = "RI-" + invoices.size();
                invoices.add(no);
                String amount = Integer.toString(100 + random.nextInt(1200));
                if (random.nextBoolean()) {
                    return R14ToR20Facts.invoice(no, someEnterprise().value(), someSeller(), day(today, 40), amount);
                }
                return R14ToR20Facts.invoice(no, someEnterprise().value(), someSeller(), day(today, 40), amount,
                        random.nextBoolean() ? "0" : "5.00", "1.00");
            }
            if (kind < 87 && !invoices.isEmpty()) {
                return R14ToR20Facts.voided(invoices.get(random.nextInt(invoices.size())), today.toString());
            }
            if (kind < 92) {
                String id = "A-" + random.nextInt(1_000_000);
                return random.nextInt(3) == 0 ? R14ToR20Facts.reclaimed(R14ToR20Facts.FUND, id, "320812", "500")
                        : R14ToR20Facts.allocated(R14ToR20Facts.FUND, id, "320812", "3000");
            }
            if (!alertIds.isEmpty()) {
                return new AlertDispositioned(alertIds.get(random.nextInt(alertIds.size())),
                        Disposition.values()[random.nextInt(3)], "reason " + random.nextInt(5), "auditor");
            }
            return grant(today);
        }

        private LedgerFact grant(LocalDate today) {
            String id = "S-" + subsidies.size();
            subsidies.add(id);
            Programme programme = random.nextInt(3) == 0 ? PROGRAMMES[random.nextInt(PROGRAMMES.length)]
                    : (random.nextBoolean() ? Programme.APPLIANCE : Programme.VEHICLE_SCRAP);
            ChainFacts.Grant grant = ChainFacts.grant(id).programme(programme);
            if (random.nextInt(4) == 0) {
                grant.enterprise(enterprise(5));
            } else {
                grant.person(ref(1 + random.nextInt(4 * keys)));
            }
            if (random.nextInt(3) == 0) {
                grant.invoice("INV-" + random.nextInt(6 * keys));
            }
            switch (random.nextInt(3)) {
                case 0 -> grant.oldVehicle(someVin());
                case 1 -> grant.oldAppliance("R-" + random.nextInt(5 * keys));
                default -> {
                }
            }
            if (random.nextBoolean()) {
                grant.deliveredTo(ref(0x10000 + random.nextInt(2 * keys)), REGIONS[random.nextInt(REGIONS.length)]);
            }
            alertIds.add(AlertIds.of("R12", "subsidy", id, null));
            alertIds.add(AlertIds.of("R19", "subsidy", id, null));
            return grant.build();
        }
    }
}
