package cn.huanxin.ledger.projections.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deferred indexes on their own: a primary key dropped and built is a primary key again; a node
 * builds nothing while another holds the view's build lock; H2 keeps its indexes.
 */
class DeferredIndexesTest {

    private static final DeferredIndexes DEFERRED = new DeferredIndexes("view_x", List.of(
            DeferredIndexes.primaryKey("view_x_pk", "view_x", "id"),
            DeferredIndexes.index("view_x_name", "view_x", "name, id")));

    @Test
    void aPrimaryKeyBuiltAgainRefusesDuplicates() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = table(new JdbcTemplate(postgres.getPostgresDatabase()));
            TransactionTemplate transaction = dropped(jdbc);
            assertThat(DEFERRED.missing(jdbc)).containsExactly("view_x_pk", "view_x_name");
            jdbc.update("INSERT INTO view_x (id, name) VALUES (1, 'a')");
            assertThat(DeferredIndexesChecks.build(transaction, DEFERRED, jdbc)).containsExactly("view_x_pk", "view_x_name");
            assertThatThrownBy(() -> jdbc.update("INSERT INTO view_x (id, name) VALUES (1, 'b')"))
                    .hasMessageContaining("view_x_pk");
        }
    }

    @Test
    void aSecondNodeBuildsNothingWhileAnotherIsBuilding() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = table(new JdbcTemplate(postgres.getPostgresDatabase()));
            TransactionTemplate transaction = dropped(jdbc);

            CountDownLatch building = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
                List<String> built = DEFERRED.build(jdbc);
                building.countDown();
                await(release);
                return built;
            }));
            assertThat(building.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(DeferredIndexesChecks.build(transaction, DEFERRED, jdbc)).as("the other holds the lock").isEmpty();
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly("view_x_pk", "view_x_name");
            assertThat(DEFERRED.missing(jdbc)).isEmpty();
        }
    }

    @Test
    void h2KeepsItsIndexes() {
        JdbcTemplate jdbc = table(ProjectionDatabases.h2());
        List<String> before = h2Indexes(jdbc);
        DEFERRED.drop(jdbc);
        assertThat(h2Indexes(jdbc)).isEqualTo(before).hasSize(2);
        assertThat(DEFERRED.missing(jdbc)).isEmpty();
    }

    private static JdbcTemplate table(JdbcTemplate jdbc) {
        jdbc.execute("CREATE TABLE view_x (id INTEGER NOT NULL, name VARCHAR(16), CONSTRAINT view_x_pk PRIMARY KEY (id))");
        jdbc.execute("CREATE INDEX view_x_name ON view_x (name, id)");
        return jdbc;
    }

    /** Drops the indexes in a transaction of its own, and answers a template for more. */
    private static TransactionTemplate dropped(JdbcTemplate jdbc) {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        transaction.executeWithoutResult(status -> DEFERRED.drop(jdbc));
        return transaction;
    }

    private static List<String> h2Indexes(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'VIEW_X'"
                + " ORDER BY INDEX_NAME", String.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
