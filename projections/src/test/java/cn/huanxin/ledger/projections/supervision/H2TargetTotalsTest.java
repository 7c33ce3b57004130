package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import org.springframework.jdbc.core.JdbcTemplate;

class H2TargetTotalsTest extends TargetTotalsContract {

    private final JdbcTemplate database = ProjectionDatabases.h2();

    @Override
    JdbcTemplate database() {
        return database;
    }

    @Override
    String vendor() {
        return "h2";
    }
}
