package db.projection.common;

import cn.huanxin.ledger.projections.supervision.SupervisionProjection;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Fills {@code supervision_target_total} (V680) from the events a database indexed before it had the
 * table, so that an upgraded database answers {@code /targets} from the totals at once, without a
 * rebuild. A Java migration because the totals are the projection's own computation, not SQL: filling
 * them with the same code is what makes them equal to what the projection would have kept.
 */
public class V681__Fill_supervision_target_totals extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        SupervisionProjection.fillTargetTotals(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
    }
}
