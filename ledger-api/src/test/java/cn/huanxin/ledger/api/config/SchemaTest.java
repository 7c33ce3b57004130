package cn.huanxin.ledger.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage decisions that cannot be changed later without a data migration: payloads as bytea
 * (not large objects), a global index that steps by 1, and append-only tables on both databases.
 */
class SchemaTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate pg;
    private static JdbcTemplate h2;

    @BeforeAll
    static void migrate() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        pg = new JdbcTemplate(migrated(postgres.getPostgresDatabase(), "postgresql"));
        JdbcDataSource h2DataSource = new JdbcDataSource();
        h2DataSource.setURL("jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2 = new JdbcTemplate(migrated(h2DataSource, "h2"));
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private static DataSource migrated(DataSource dataSource, String vendor) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendor).load().migrate();
        return dataSource;
    }

    @Test
    void postgresStoresPayloadsAsByteaNotLargeObjects() {
        List<String> types = pg.queryForList("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name IN ('domain_event_entry', 'snapshot_event_entry') "
                + "AND column_name IN ('payload', 'meta_data')", String.class);
        assertThat(types).hasSize(4).containsOnly("bytea");
    }

    @Test
    void postgresGlobalIndexStepsByOne() {
        String increment = pg.queryForObject("SELECT identity_increment FROM information_schema.columns "
                + "WHERE table_name = 'domain_event_entry' AND column_name = 'global_index'", String.class);
        assertThat(increment).isEqualTo("1");
        insertEvent(pg, "fund:STEP-1", 0);
        insertEvent(pg, "fund:STEP-2", 0);
        List<Long> indexes = pg.queryForList("SELECT global_index FROM domain_event_entry "
                + "WHERE aggregate_identifier LIKE 'fund:STEP-%' ORDER BY global_index", Long.class);
        assertThat(indexes.get(1) - indexes.get(0)).isEqualTo(1);
    }

    @Test
    void postgresRefusesUpdateDeleteAndTruncateOfEvents() {
        insertEvent(pg, "fund:PG-IMMUTABLE", 0);
        assertThatThrownBy(() -> pg.update("UPDATE domain_event_entry SET payload = ? "
                + "WHERE aggregate_identifier = 'fund:PG-IMMUTABLE'", (Object) "{}".getBytes()))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> pg.update("DELETE FROM domain_event_entry "
                + "WHERE aggregate_identifier = 'fund:PG-IMMUTABLE'")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> pg.execute("TRUNCATE domain_event_entry")).rootCause().hasMessageContaining("append-only");
        pg.update("INSERT INTO ingest_receipt (ledger_event_id, source, event_id, event_type, stream_id, "
                + "sequence_number, occurred_at, recorded_at, payload_sha256) VALUES (?,?,?,?,?,?,?,?,?)",
                UUID.randomUUID().toString(), "platform", "PG-IMMUTABLE", "FundOpened", "fund:PG-IMMUTABLE", 0,
                "2024-09-01T02:15:00Z", "2024-09-01T02:15:01Z", "0".repeat(64));
        pg.update("INSERT INTO ledger_stream (stream_id, created_by_source, created_ledger_event_id) VALUES (?,?,?)",
                "fund:PG-IMMUTABLE", "platform", UUID.randomUUID().toString());
        assertThatThrownBy(() -> pg.update("DELETE FROM ingest_receipt")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> pg.update("UPDATE ledger_stream SET created_by_source = 'x'"))
                .rootCause().hasMessageContaining("append-only");
        assertThat(pg.queryForObject("SELECT COUNT(*) FROM domain_event_entry "
                + "WHERE aggregate_identifier = 'fund:PG-IMMUTABLE'", Integer.class)).isEqualTo(1);
    }

    @Test
    void h2RefusesUpdateAndDeleteOfEvents() {
        insertEvent(h2, "fund:H2-IMMUTABLE", 0);
        assertThatThrownBy(() -> h2.update("UPDATE domain_event_entry SET payload = ? "
                + "WHERE aggregate_identifier = 'fund:H2-IMMUTABLE'", (Object) "{}".getBytes()))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> h2.update("DELETE FROM domain_event_entry "
                + "WHERE aggregate_identifier = 'fund:H2-IMMUTABLE'")).rootCause().hasMessageContaining("append-only");
        assertThat(h2.queryForObject("SELECT COUNT(*) FROM domain_event_entry "
                + "WHERE aggregate_identifier = 'fund:H2-IMMUTABLE'", Integer.class)).isEqualTo(1);
    }

    @Test
    void streamSequenceIsUniqueOnBothDatabases() {
        for (JdbcTemplate jdbc : List.of(pg, h2)) {
            insertEvent(jdbc, "fund:UNIQUE-SEQ", 0);
            assertThatThrownBy(() -> insertEvent(jdbc, "fund:UNIQUE-SEQ", 0))
                    .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        }
    }

    private static void insertEvent(JdbcTemplate jdbc, String stream, long sequence) {
        jdbc.update("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                        + "time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?,?,?,?,?,?,?,?,?)",
                UUID.randomUUID().toString(), stream, sequence, "fund", "2024-09-01T02:15:00Z",
                "cn.huanxin.ledger.core.fund.FundOpened", "1", "{}".getBytes(), "{}".getBytes());
    }
}
