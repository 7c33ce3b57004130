package cn.huanxin.ledger.api.e2e;

import cn.huanxin.ledger.projections.supervision.SupervisionProjection;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * A supervision rebuild drops the indexes its replay does not read; the view is not current, and
     * the admin status lists them, until they are built again. The build is held here by taking its
     * advisory lock, so the state in between is seen for sure; once the lock is let go a node builds
     * them, and the view is current with every index of the migration back.
     */
    @Test
    @Order(101)
    void aSupervisionRebuildIsCurrentOnlyOnceItsDeferredIndexesAreBuilt() throws Exception {
        DeferredIndexes deferred = SupervisionProjection.deferredIndexes();
        List<String> names = deferred.indexes().stream().map(DeferredIndexes.Index::name).toList();
        try (Connection lock = dataSource.getConnection()) {
            try (PreparedStatement take = lock.prepareStatement("SELECT pg_advisory_lock(?)")) {
                take.setLong(1, deferred.lockKey());
                take.executeQuery().close();
            }
            HttpResponse<String> rebuild = send("admin", "admin-demo",
                    HttpRequest.newBuilder(uri("/api/v1/admin/projections/supervision/rebuild"))
                            .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);
            String held = await(this::supervisionStatus, s -> s.startsWith("lag=0 "));
            assertThat(held).isEqualTo("lag=0 caughtUp=false pending=" + names);
            Thread.sleep(2_000);
            assertThat(supervisionStatus()).as("still held after two heartbeats").isEqualTo(held);
            assertThat(indexes()).doesNotContainAnyElementsOf(names);
            try (PreparedStatement release = lock.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                release.setLong(1, deferred.lockKey());
                release.executeQuery().close();
            }
        }
        assertThat(await(this::supervisionStatus, s -> s.contains("caughtUp=true")))
                .isEqualTo("lag=0 caughtUp=true pending=[]");
        assertThat(indexes()).containsAll(names);
    }

    private String supervisionStatus() {
        try {
            for (JsonNode item : JSON.readTree(get("admin", "admin-demo", "/api/v1/admin/projections").body())
                    .path("items")) {
                if (item.path("name").asText().equals("supervision")) {
                    List<String> pending = new ArrayList<>();
                    item.path("pendingIndexes").forEach(name -> pending.add(name.asText()));
                    return "lag=" + item.path("lag").asLong() + " caughtUp=" + item.path("caughtUp").asBoolean()
                            + " pending=" + pending;
                }
            }
            return "absent";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> indexes() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'supervision%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }
}
