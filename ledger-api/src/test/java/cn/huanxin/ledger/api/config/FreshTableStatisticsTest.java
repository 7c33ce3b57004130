package cn.huanxin.ledger.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new table on PostgreSQL has no statistics until autovacuum's first look, up to a minute later,
 * and a look-up by a list of keys is planned as a scan of the whole table meanwhile. The ledger
 * analyzes its tables that have grown past {@value FreshTableStatistics#MIN_ROWS} rows without
 * statistics itself, once; after that the look-up uses the index.
 */
class FreshTableStatisticsTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        // Autovacuum must not do the work in the test's stead.
        // Keyed by a column with a plain index, as a view's rows are by subsidy or by person: without
        // statistics PostgreSQL cannot know that the keys are nearly unique.
        jdbc.execute("CREATE TABLE fresh_big (row_no BIGINT PRIMARY KEY, receipt_id VARCHAR(64) NOT NULL, "
                + "payload VARCHAR(200)) WITH (autovacuum_enabled = false)");
        jdbc.execute("CREATE INDEX fresh_big_receipt ON fresh_big (receipt_id)");
        jdbc.execute("CREATE TABLE fresh_small (receipt_id VARCHAR(64) PRIMARY KEY) WITH (autovacuum_enabled = false)");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(new Object[]{i, "receipt-" + i, "x".repeat(100)});
        }
        jdbc.batchUpdate("INSERT INTO fresh_big VALUES (?, ?, ?)", rows);
        jdbc.update("INSERT INTO fresh_small VALUES ('one'), ('two')");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void aTableThatGrewWithoutStatisticsIsAnalyzedOnceAndItsLookUpsUseTheIndex() throws InterruptedException {
        String lookUp = "EXPLAIN SELECT * FROM fresh_big WHERE receipt_id = ANY(?)";
        // A batch's keys: 20 of 20,000 rows.
        String[] keys = new String[20];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "receipt-" + (i * 997);
        }
        assertThat(plan(lookUp, keys)).as("without statistics").contains("Seq Scan");

        FreshTableStatistics statistics = new FreshTableStatistics(postgres.getPostgresDatabase(), Duration.ofSeconds(1));
        // The server counts a table's rows asynchronously: wait until it knows them.
        List<String> analyzed = List.of();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
             analyzed.isEmpty() && System.nanoTime() < deadline; ) {
            analyzed = statistics.analyzeFreshTables();
            if (analyzed.isEmpty()) {
                Thread.sleep(200);
            }
        }
        assertThat(analyzed).containsExactly("fresh_big");
        assertThat(jdbc.queryForObject("SELECT reltuples FROM pg_class WHERE relname = 'fresh_big'", Double.class))
                .isEqualTo(20_000);
        assertThat(jdbc.queryForObject("SELECT reltuples FROM pg_class WHERE relname = 'fresh_small'", Double.class))
                .as("a table below the threshold is left to autovacuum").isLessThan(0);
        assertThat(plan(lookUp, keys)).as("with statistics").contains("Index").doesNotContain("Seq Scan");
        assertThat(statistics.analyzeFreshTables()).as("once only").isEmpty();
    }

    @Test
    void tableNamesAreQuoted() {
        assertThat(FreshTableStatistics.quoted("balance_total")).isEqualTo("\"balance_total\"");
        assertThat(FreshTableStatistics.quoted("a\"b")).isEqualTo("\"a\"\"b\"");
    }

    private static String plan(String sql, String[] keys) {
        return String.join("\n", jdbc.queryForList(sql, String.class, (Object) keys));
    }
}
