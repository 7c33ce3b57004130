package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The auditors' views end to end on a real PostgreSQL with the production profile. */
@ActiveProfiles({"postgres", "e2e"})
class PostgresViewsEndToEndTest extends ViewsEndToEndTest {

    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry, "5e".repeat(32));
    }

    @AfterAll
    static void stop() throws IOException {
        POSTGRES.stop();
    }

    @Autowired
    private DataSource dataSource;

    /**
     * The ledger's connections plan every statement for its own parameters: a generic plan cached
     * while a view's table was near-empty (after a rebuild's truncate) kept scanning the table as it
     * grew. A lookup as the balance view makes it, run twelve times on one connection, is planned
     * twelve times and never generically.
     */
    @Test
    void everyStatementIsPlannedForItsOwnParameters() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(single(connection, "SHOW plan_cache_mode")).isEqualTo("force_custom_plan");
            try (PreparedStatement lookup = connection.prepareStatement(
                    "SELECT ledger_event_id FROM balance_posting WHERE ledger_event_id IN (?, ?) AND line_no = 1")) {
                for (int i = 0; i < 12; i++) {
                    lookup.setString(1, "event-" + i);
                    lookup.setString(2, "event-x");
                    lookup.executeQuery().close();
                }
                assertThat(single(connection, "SELECT generic_plans || '/' || custom_plans FROM pg_prepared_statements"
                        + " WHERE statement LIKE '%FROM balance_posting WHERE ledger_event_id IN%'"))
                        .as("generic/custom plans of the lookup (the driver prepares it on the server from its"
                                + " fifth run)").matches("0/[0-9]+").isNotEqualTo("0/0");
            }
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }
}
