package cn.huanxin.ledger.projections.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deferred indexes on their own: a primary key dropped and built is a primary key again; a build cut
 * off (here by a duplicate) leaves an invalid index that counts as missing and is replaced by the next
 * build, as is a unique index that is not yet the key; a node builds nothing while another holds the
 * view's lock; H2 keeps its indexes.
 */
class DeferredIndexesTest {

    private static final DeferredIndexes DEFERRED = new DeferredIndexes("view_x", List.of(
            DeferredIndexes.primaryKey("view_x_pk", "view_x", "id"),
            DeferredIndexes.index("view_x_name", "view_x", "name, id")));

    @Test
    void aPrimaryKeyBuiltAgainRefusesDuplicates() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = dropped(table(new JdbcTemplate(postgres.getPostgresDatabase())));
            assertThat(DEFERRED.missing(jdbc)).containsExactly("view_x_pk", "view_x_name");
            jdbc.update("INSERT INTO view_x (id, name) VALUES (1, 'a')");
            assertThat(DeferredIndexesChecks.build(DEFERRED, jdbc)).containsExactly("view_x_pk", "view_x_name");
            assertThat(DEFERRED.missing(jdbc)).isEmpty();
            assertThatThrownBy(() -> jdbc.update("INSERT INTO view_x (id, name) VALUES (1, 'b')"))
                    .hasMessageContaining("view_x_pk");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pg_constraint WHERE conname = 'view_x_pk' AND contype = 'p'",
                    Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void aBuildCutOffLeavesAnInvalidIndexThatTheNextBuildReplaces() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = dropped(table(new JdbcTemplate(postgres.getPostgresDatabase())));
            jdbc.update("INSERT INTO view_x (id, name) VALUES (1, 'a'), (1, 'b')");
            assertThatThrownBy(() -> DEFERRED.build(jdbc.getDataSource())).hasMessageContaining("view_x_pk");
            assertThat(jdbc.queryForObject("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'view_x_pk'::regclass",
                    Boolean.class)).as("left invalid").isTrue();
            assertThat(DEFERRED.missing(jdbc)).containsExactly("view_x_pk", "view_x_name");

            jdbc.update("DELETE FROM view_x WHERE name = 'b'");
            jdbc.execute("DROP INDEX view_x_pk");
            jdbc.execute("CREATE UNIQUE INDEX view_x_pk ON view_x (id)");
            assertThat(DEFERRED.missing(jdbc)).as("unique, but not the key").containsExactly("view_x_pk", "view_x_name");
            assertThat(DeferredIndexesChecks.build(DEFERRED, jdbc)).containsExactly("view_x_pk", "view_x_name");
            assertThat(DEFERRED.missing(jdbc)).isEmpty();
        }
    }

    @Test
    void aSecondNodeBuildsNothingWhileAnotherHoldsTheLock() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = dropped(table(new JdbcTemplate(postgres.getPostgresDatabase())));
            try (Connection other = jdbc.getDataSource().getConnection()) {
                try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    lock.setLong(1, DEFERRED.lockKey());
                    lock.executeQuery().close();
                }
                assertThat(DeferredIndexesChecks.build(DEFERRED, jdbc)).as("the other holds the lock").isEmpty();
                assertThat(DEFERRED.missing(jdbc)).containsExactly("view_x_pk", "view_x_name");
            }
            assertThat(DeferredIndexesChecks.build(DEFERRED, jdbc)).as("its session ended")
                    .containsExactly("view_x_pk", "view_x_name");
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

    /** Drops the indexes in a transaction, as a reset does. */
    private static JdbcTemplate dropped(JdbcTemplate jdbc) {
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()))
                .executeWithoutResult(status -> DEFERRED.drop(jdbc));
        return jdbc;
    }

    private static List<String> h2Indexes(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'VIEW_X'"
                + " ORDER BY INDEX_NAME", String.class);
    }
}
