package cn.huanxin.ledger.projections.support;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every view's deferred indexes must do on PostgreSQL: its reset drops exactly them, in the
 * reset's transaction, and {@link DeferredIndexes#build} creates them again exactly as the view's
 * migration did (same names, same definitions).
 */
public final class DeferredIndexesChecks {

    private DeferredIndexesChecks() {
    }

    /**
     * @param jdbc     a migrated PostgreSQL
     * @param reset    the view's reset
     * @param deferred the view's deferred indexes
     * @param tables   a {@code LIKE} pattern of the view's tables
     * @param kept     the names of the view's indexes that its replay reads (they stay)
     */
    public static void resetDropsThemAndBuildRestoresTheMigrations(JdbcTemplate jdbc, Runnable reset,
                                                                   DeferredIndexes deferred, String tables,
                                                                   List<String> kept) {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        List<String> names = deferred.indexes().stream().map(DeferredIndexes.Index::name).toList();
        Map<String, String> migrated = definitions(jdbc, tables);
        assertThat(migrated.keySet()).as("the migration's indexes").containsAll(names).containsAll(kept)
                .hasSize(names.size() + kept.size());
        assertThat(deferred.missing(jdbc)).isEmpty();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            reset.run();
            throw new IllegalStateException("the reset fails");
        })).hasMessage("the reset fails");
        assertThat(definitions(jdbc, tables)).as("rolled back with the reset").isEqualTo(migrated);

        transaction.executeWithoutResult(status -> reset.run());
        assertThat(deferred.missing(jdbc)).containsExactlyElementsOf(names);
        assertThat(definitions(jdbc, tables).keySet()).as("what the replay reads stays")
                .containsExactlyInAnyOrderElementsOf(kept);

        assertThat(build(deferred, jdbc)).containsExactlyElementsOf(names);
        assertThat(definitions(jdbc, tables)).as("exactly the migration's indexes").isEqualTo(migrated);
        assertThat(deferred.missing(jdbc)).isEmpty();
        assertThat(build(deferred, jdbc)).as("nothing left to build").isEmpty();
    }

    static List<String> build(DeferredIndexes deferred, JdbcTemplate jdbc) {
        try {
            return deferred.build(jdbc.getDataSource());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The indexes of the tables on PostgreSQL: name to definition. */
    private static Map<String, String> definitions(JdbcTemplate jdbc, String tables) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE ?",
                (RowCallbackHandler) rs -> out.put(rs.getString(1), rs.getString(2)), tables);
        return out;
    }
}
