package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.DeferredIndexesChecks;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild of the supervision view on PostgreSQL drops the indexes its replay does not read (the
 * events' two time indexes, both of the links') and keeps the two it reads; they come back exactly
 * as V200 made them.
 */
class SupervisionDeferredIndexesTest {

    @Test
    void aResetDropsTheIndexesTheReplayDoesNotReadAndBuildRestoresThem() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = ProjectionDatabases.migrated(postgres);
            SupervisionProjection projection = new SupervisionProjection(jdbc, new TargetCatalog(List.of()),
                    TraceDeadlines.DEFAULTS);
            assertThat(SupervisionProjection.deferredIndexes().view()).isEqualTo(SupervisionProjection.PROCESSING_GROUP);
            DeferredIndexesChecks.resetDropsThemAndBuildRestoresTheMigrations(jdbc, projection::reset,
                    SupervisionProjection.deferredIndexes(), "supervision%",
                    List.of("supervision_event_pk", "supervision_event_stream", "supervision_target_total_pk"));
        }
    }
}
