package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V630 on a fraud view written before it, on both databases: every alert's count is the
 * evidence it holds, and R16's invoices are numbered within their seller's month by issue date, then
 * invoice number, with the month's running row (voided invoices numbered, not summed).
 */
class EvidenceBoundMigrationTest {

    @Test
    void upgradesAViewWrittenBeforeTheBoundOnH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        upgrades(dataSource, "h2");
    }

    @Test
    void upgradesAViewWrittenBeforeTheBoundOnPostgres() throws IOException {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            upgrades(postgres.getPostgresDatabase(), "postgresql");
        }
    }

    private static void upgrades(DataSource dataSource, String vendor) {
        migrate(dataSource, vendor, "600");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String alert : List.of("a1", "a2")) {
            jdbc.update("INSERT INTO fraud_alert (alert_id, rule_id, severity, status, subject_kind, subject_ref, "
                    + "summary_zh, summary_en, raised_at, raised_seq) VALUES (?, 'R16', 'MEDIUM', 'OPEN', "
                    + "'reverse-invoice', ?, '摘要', 'summary', 0, ?)", alert, alert, alert.equals("a1") ? 1 : 5);
        }
        jdbc.batchUpdate("INSERT INTO fraud_alert_evidence (alert_id, ledger_event_id, evidence_seq) VALUES (?,?,?)",
                List.of(new Object[]{"a1", "e1", 2}, new Object[]{"a1", "e2", 3}, new Object[]{"a1", "e3", 4},
                        new Object[]{"a2", "e4", 6}));
        jdbc.batchUpdate("INSERT INTO fraud_r16_invoice (invoice_no, seller_ref, issued_on, amount_fen, "
                        + "ledger_event_id, voided) VALUES (?,?,?,?,?,?)",
                List.of(new Object[]{"FX-3", "s", LocalDate.parse("2024-09-02"), 100, "e3", 0},
                        new Object[]{"FX-1", "s", LocalDate.parse("2024-09-30"), 200, "e1", 1},
                        new Object[]{"FX-2", "s", LocalDate.parse("2024-09-02"), 400, "e2", 0},
                        new Object[]{"FX-4", "s", LocalDate.parse("2024-10-01"), 800, "e4", 0}));

        migrate(dataSource, vendor, "latest");

        assertThat(jdbc.queryForList("SELECT alert_id || ':' || evidence_count FROM fraud_alert ORDER BY alert_id",
                String.class)).containsExactly("a1:3", "a2:1");
        assertThat(jdbc.query("SELECT invoice_no, month_start, month_seq FROM fraud_r16_invoice "
                        + "ORDER BY month_start, month_seq",
                (rs, n) -> rs.getString(1) + " " + rs.getObject(2, LocalDate.class) + " #" + rs.getLong(3)))
                .containsExactly("FX-2 2024-09-01 #1", "FX-3 2024-09-01 #2", "FX-1 2024-09-01 #3",
                        "FX-4 2024-10-01 #1");
        assertThat(jdbc.query("SELECT month_start, total_fen, invoices, last_seq FROM fraud_r16_month "
                        + "ORDER BY month_start",
                (rs, n) -> rs.getObject(1, LocalDate.class) + " " + rs.getLong(2) + " " + rs.getLong(3) + " "
                        + rs.getLong(4)))
                .containsExactly("2024-09-01 500 2 3", "2024-10-01 800 1 1");
    }

    private static void migrate(DataSource dataSource, String vendor, String target) {
        Flyway.configure().dataSource(dataSource).target(target)
                .locations("classpath:db/projection/" + vendor, "classpath:db/projection/common").load().migrate();
    }
}
