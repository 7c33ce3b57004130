package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.investigation.EventTableReader.Decoded;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.common.Vin;
import cn.huanxin.ledger.core.vehicle.EmissionStandard;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.FraudRules;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An investigation's scratch tables on PostgreSQL are new, so PostgreSQL knows nothing of their size
 * until autovacuum looks (at most once a minute) and plans the rules' key look-ups as sequential
 * scans: every page then read whole tables. The scratch view gathers their statistics itself, once
 * 2,000 events were fed and then each time the count has grown fourfold; with them, a rule's look-up
 * uses its table's index.
 */
class ScratchViewStatisticsTest {

    private static EmbeddedPostgres postgres;
    private static DataSource pool;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        pool = postgres.getPostgresDatabase();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void statisticsAreGatheredAsTheTablesGrowAndTheLookUpsUseIndexes() {
        String id = UUID.randomUUID().toString();
        String schema = ScratchView.schemaOf(id);
        JdbcTemplate main = new JdbcTemplate(pool);
        try (ScratchView view = ScratchView.openSchema(pool, id, FraudRules.all(RuleSettings.DEFAULTS),
                new PolicyTable(List.of()), RegionTable.huaian(), 100, RuleMemory.DEFAULT_BOUND, 0, 0, 2, FraudView.DEFAULT_MAX_BATCH)) {
            int n = 0;
            n = feed(view, n, 1_999);
            assertThat(view.analyzed()).as("below the first threshold").isZero();
            assertThat(estimatedRows(main, schema, "fraud_r13_vehicle")).as("what PostgreSQL believes").isLessThan(1);

            n = feed(view, n, 1);
            assertThat(view.analyzed()).as("at 2,000 events").isEqualTo(1);
            int tables = main.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = ?", Integer.class,
                    schema);
            assertThat(analyzedTables(main, schema)).as("every scratch table has statistics").isEqualTo(tables);
            assertThat(estimatedRows(main, schema, "fraud_r13_vehicle")).isEqualTo(2_000);

            n = feed(view, n, 5_999);
            assertThat(view.analyzed()).as("below 8,000 events").isEqualTo(1);
            n = feed(view, n, 1);
            assertThat(view.analyzed()).as("at 8,000 events").isEqualTo(2);
            assertThat(estimatedRows(main, schema, "fraud_r13_vehicle")).isEqualTo(8_000);
            assertThat(n).isEqualTo(8_000);

            // R13 keeps a row per scrapped VIN: with statistics, a look-up of a few of them is planned
            // on the table's key, not as a scan of all 8,000 rows. (At this size a scan is cheaper for
            // a key list of 2% of the table; a page's keys are a far smaller share of a long history.)
            String plan = String.join("\n", view.jdbc().queryForList(
                    "EXPLAIN SELECT * FROM fraud_r13_vehicle WHERE vin = ANY(?)", String.class,
                    (Object) vins(0, 10)));
            assertThat(plan).contains("Index").doesNotContain("Seq Scan");
        }
        assertThat(main.queryForObject("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?",
                Integer.class, schema)).as("the scratch schema is dropped").isZero();
    }

    /**
     * The scratch schema is made without the keys the rules never read by (as a rebuild drops them), and
     * with the indexes the rules read by.
     */
    @Test
    void theScratchTablesLackOnlyTheKeysNoRuleReadsBy() {
        String id = UUID.randomUUID().toString();
        String schema = ScratchView.schemaOf(id);
        JdbcTemplate main = new JdbcTemplate(pool);
        List<FraudRule> rules = FraudRules.all(RuleSettings.DEFAULTS);
        try (ScratchView view = ScratchView.openSchema(pool, id, rules, new PolicyTable(List.of()),
                RegionTable.huaian(), 100, RuleMemory.DEFAULT_BOUND, 0, 0, 2, FraudView.DEFAULT_MAX_BATCH)) {
            List<String> scratch = main.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = ?",
                    String.class, schema);
            List<String> deferred = rules.stream().flatMap(rule -> rule.descriptor().deferred().stream())
                    .map(DeferredIndexes.Index::name).toList();
            assertThat(deferred).contains("fraud_r01_grant_pkey", "fraud_r22_grant_pkey");
            assertThat(scratch).doesNotContainAnyElementsOf(deferred)
                    .contains("fraud_r01_grant_person", "fraud_r22_grant_model", "fraud_r23_item_pkey");
            feed(view, 0, 500);
            assertThat(view.jdbc().queryForObject("SELECT count(*) FROM fraud_r13_vehicle", Integer.class))
                    .isEqualTo(500);
        }
    }

    @Test
    void statisticsAreGatheredAtFourfoldGrowthFourTimesAtMost() {
        assertThat(ScratchView.nextAnalyzeAfter(0)).isEqualTo(2_000);
        assertThat(ScratchView.nextAnalyzeAfter(1_999)).isEqualTo(2_000);
        assertThat(ScratchView.nextAnalyzeAfter(2_000)).isEqualTo(8_000);
        assertThat(ScratchView.nextAnalyzeAfter(9_500)).as("a page may pass a threshold").isEqualTo(32_000);
        assertThat(ScratchView.nextAnalyzeAfter(127_999)).isEqualTo(128_000);
        assertThat(ScratchView.nextAnalyzeAfter(128_000)).as("after the fourth").isEqualTo(Long.MAX_VALUE);
        assertThat(ScratchView.nextAnalyzeAfter(5_000_000)).isEqualTo(Long.MAX_VALUE);
    }

    private static double estimatedRows(JdbcTemplate main, String schema, String table) {
        return main.queryForObject("SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ?", Double.class, schema, table);
    }

    private static int analyzedTables(JdbcTemplate main, String schema) {
        // reltuples is -1 until a table was first analyzed (or vacuumed), and ANALYZE sets it at once.
        return main.queryForObject("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relkind = 'r' AND c.reltuples >= 0", Integer.class, schema);
    }

    /** Feeds {@code count} scrapped vehicles, numbered from {@code from}, in pages of at most 1,000. */
    private static int feed(ScratchView view, int from, int count) {
        int n = from;
        while (n < from + count) {
            List<Decoded> page = new ArrayList<>();
            for (int i = 0; i < 1_000 && n < from + count; i++, n++) {
                page.add(scrapped(n));
            }
            assertThat(view.feed(page, event -> true)).isEqualTo(page.size());
        }
        return n;
    }

    private static Decoded scrapped(int n) {
        Vin vin = vin(n);
        LocalDate on = LocalDate.of(2024, 3, 1).plusDays(n / 100);
        Instant at = on.atStartOfDay(RecordedEvent.SHANGHAI).toInstant().plusSeconds(n % 100);
        VehicleScrapped fact = new VehicleScrapped(vin, "BF-" + vin.value(), recycler(), new NaturalPerson(
                Pseudonym.of(String.format("%064x", n + 1))), VehicleClass.SMALL_PASSENGER, Fuel.PETROL,
                EmissionStandard.CHINA_III, LocalDate.of(2010, 5, 1), LocalDate.of(2010, 5, 1), on,
                RegionCode.of("320812"));
        return new Decoded(fact, new RecordedEvent("ev-" + n, "vehicle:" + vin.value(), 0, "VehicleScrapped", at, at,
                "test", false));
    }

    private static String[] vins(int from, int count) {
        String[] vins = new String[count];
        for (int i = 0; i < count; i++) {
            vins[i] = vin(from + i).value();
        }
        return vins;
    }

    private static Vin vin(int n) {
        String draft = "LSVAM418" + "0" + String.format("%08d", n);
        char check = Vin.checkDigit(draft);
        return Vin.of(draft.substring(0, 8) + check + draft.substring(9));
    }

    private static EnterpriseId recycler() {
        String first17 = "91320800" + String.format("%09d", 7);
        return EnterpriseId.of(first17 + EnterpriseId.checkCharacter(first17));
    }
}
