package cn.huanxin.ledger.projections.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A view's tables are emptied in the caller's transaction, on H2 and on PostgreSQL: a rebuild whose
 * transaction rolls back leaves them as they were, one that commits leaves them empty and every other
 * table as it was. PostgreSQL truncates (the tables get new files), H2 deletes.
 */
class ViewTablesTest {

    @Test
    void h2DeletesInTheCallersTransaction() {
        JdbcTemplate jdbc = ProjectionDatabases.h2();
        emptiesOnlyTheNamedTablesAndOnlyWhenTheTransactionCommits(jdbc);
    }

    @Test
    void postgresTruncatesInTheCallersTransaction() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            jdbc.execute("CREATE TABLE view_a (id INTEGER PRIMARY KEY)");
            Long before = jdbc.queryForObject("SELECT pg_relation_filenode('view_a')", Long.class);
            emptiesOnlyTheNamedTablesAndOnlyWhenTheTransactionCommits(jdbc);
            assertThat(jdbc.queryForObject("SELECT pg_relation_filenode('view_a')", Long.class))
                    .as("truncated, not deleted row by row").isNotEqualTo(before);
        }
    }

    private static void emptiesOnlyTheNamedTablesAndOnlyWhenTheTransactionCommits(JdbcTemplate jdbc) {
        for (String table : List.of("view_a", "view_b", "other")) {
            jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (id INTEGER PRIMARY KEY)");
            jdbc.update("INSERT INTO " + table + " (id) VALUES (1), (2)");
        }
        TransactionTemplate transaction = new TransactionTemplate(
                new DataSourceTransactionManager(jdbc.getDataSource()));

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            ViewTables.clear(jdbc, List.of("view_a", "view_b"));
            assertThat(count(jdbc, "view_a") + count(jdbc, "view_b")).isZero();
            throw new IllegalStateException("the rebuild fails");
        })).hasMessage("the rebuild fails");
        assertThat(List.of(count(jdbc, "view_a"), count(jdbc, "view_b"), count(jdbc, "other")))
                .as("rolled back").containsExactly(2, 2, 2);

        transaction.executeWithoutResult(status -> ViewTables.clear(jdbc, List.of("view_a", "view_b")));
        assertThat(List.of(count(jdbc, "view_a"), count(jdbc, "view_b"), count(jdbc, "other")))
                .as("committed").containsExactly(0, 0, 2);        assertThat(ViewTables.isEmpty(jdbc, "view_a")).isTrue();
        assertThat(ViewTables.isEmpty(jdbc, "other")).isFalse();
    }

    private static int count(JdbcTemplate jdbc, String table) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return count == null ? -1 : count;
    }
}
