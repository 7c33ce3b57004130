package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.projections.support.DeferredIndexesChecks;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild of the balance view on PostgreSQL drops the postings' two query indexes and keeps the
 * keys its replay reads; they come back exactly as V100 made them.
 */
class BalanceDeferredIndexesTest {

    @Test
    void aResetDropsTheQueryIndexesAndBuildRestoresThem() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = ProjectionDatabases.migrated(postgres);
            BalanceProjection projection = new BalanceProjection(jdbc);
            assertThat(BalanceProjection.deferredIndexes().view()).isEqualTo(BalanceProjection.PROCESSING_GROUP);
            DeferredIndexesChecks.resetDropsThemAndBuildRestoresTheMigrations(jdbc, projection::reset,
                    BalanceProjection.deferredIndexes(), "balance%",
                    List.of("balance_posting_pk", "balance_subsidy_pk", "balance_total_pk"));
        }
    }
}
