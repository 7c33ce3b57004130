package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.DeferredIndexesChecks;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rebuild of the fraud view on PostgreSQL drops the keys of the rule tables that the rules' batches
 * never read (each rule names its own), keeps every other index of the view, and they come back
 * exactly as the rules' migrations made them.
 */
class FraudDeferredIndexesTest {

    @Test
    void aResetDropsTheRulesUnreadKeysAndBuildRestoresThem() throws Exception {
        try (EmbeddedPostgres postgres = ProjectionDatabases.postgres()) {
            JdbcTemplate jdbc = ProjectionDatabases.migrated(postgres);
            FraudView view = new FraudView(jdbc, FraudRules.all(RuleSettings.DEFAULTS), DefaultPolicy.table(),
                    RegionTable.huaian(), AlertListener.NONE);
            DeferredIndexes deferred = view.deferredIndexes();
            assertThat(deferred.view()).isEqualTo(FraudProjection.PROCESSING_GROUP);
            assertThat(deferred.indexes()).extracting(DeferredIndexes.Index::name).containsExactly(
                    "fraud_r01_grant_pkey", "fraud_r03_serial_pkey", "fraud_r04_owner_pkey", "fraud_r08_grant_pkey",
                    "fraud_r09_payment_pkey", "fraud_r22_grant_pkey");
            List<String> kept = jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND tablename LIKE 'fraud%' AND NOT indexname = ANY (?)", String.class,
                    (Object) deferred.indexes().stream().map(DeferredIndexes.Index::name).toArray(String[]::new));
            assertThat(kept).contains("fraud_r01_grant_person", "fraud_r03_serial_no", "fraud_r04_owner_ref",
                    "fraud_r23_item_pkey", "fraud_alert_pkey");
            DeferredIndexesChecks.resetDropsThemAndBuildRestoresTheMigrations(jdbc, view::reset, deferred, "fraud%",
                    kept);
        }
    }

    @Test
    void aRuleDefersOnlyIndexesOfItsOwnTables() {
        RuleDescriptor descriptor = new RuleDescriptor("R99", "test", Severity.LOW, java.util.Set.of(),
                List.of("fraud_r99_a"));
        assertThatThrownBy(() -> descriptor.withDeferred(DeferredIndexes.primaryKey("fraud_r98_pkey", "fraud_r98",
                "id"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of its tables");
        assertThat(descriptor.withDeferred(DeferredIndexes.primaryKey("fraud_r99_a_pkey", "fraud_r99_a", "id"))
                .withParameter("p", "1").deferred()).extracting(DeferredIndexes.Index::name)
                .containsExactly("fraud_r99_a_pkey");
    }
}
