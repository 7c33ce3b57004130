package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.rules.DayWindows.Window;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real PostgreSQL whose table has statistics, the windowed select reads each window through the
 * key's index and never scans the table: a read per batch that scanned the table would grow with the
 * history (the million-event benchmark found a join with the windows as a {@code VALUES} list planned as
 * a hash join over the whole table, once per batch). The counts are the transaction's own
 * ({@code pg_stat_xact_user_tables}), so no other session's reads are counted.
 */
class DayWindowsPostgresTest {

    private static final int MODELS = 300;
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 366;

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
        jdbc = ProjectionDatabases.migrated(postgres);
        // one price a day for every model over a year: 109,800 rows
        jdbc.update("INSERT INTO fraud_r22_price (model_key, occurred_on, merchant_id, price_fen, grants) "
                + "SELECT 'M-' || m, DATE '2024-01-01' + d, 'E-1', 300000, 1 "
                + "FROM generate_series(1, ?) m, generate_series(0, ?) d", MODELS, DAYS - 1);
        jdbc.execute("ANALYZE fraud_r22_price");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void everyWindowIsReadThroughTheIndexAndTheTableIsNeverScanned() {
        // 250 windows in three statements: each of 250 models over a grant's day and the 90 days before
        List<Window> windows = new ArrayList<>();
        for (int m = 1; m <= 250; m++) {
            LocalDate day = FIRST.plusDays(100 + m);
            windows.add(new Window("M-" + m, day.minusDays(90), day));
        }
        TransactionTemplate transaction = new TransactionTemplate(
                new DataSourceTransactionManager(jdbc.getDataSource()));
        Map<String, Object> counts = transaction.execute(status -> {
            AtomicLong rows = new AtomicLong();
            DayWindows.select(jdbc, windows, "SELECT p.model_key, p.occurred_on", "fraud_r22_price p", "p.model_key",
                    "p.occurred_on", rs -> {
                        rows.incrementAndGet();
                    });
            Map<String, Object> seen = jdbc.queryForMap("SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables "
                    + "WHERE relname = 'fraud_r22_price'");
            seen.put("rows", rows.get());
            return seen;
        });

        assertThat(counts.get("rows")).as("91 days of each of 250 models").isEqualTo(250L * 91);
        assertThat(((Number) counts.get("seq_scan")).longValue()).as("scans of the table: %s", counts).isZero();
        assertThat(((Number) counts.get("idx_scan")).longValue()).as("index reads: %s", counts).isPositive();
    }
}
