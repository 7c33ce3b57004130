package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import org.springframework.jdbc.core.JdbcTemplate;

class H2TraceTest extends TraceContract {

    private final JdbcTemplate database = ProjectionDatabases.h2();

    @Override
    JdbcTemplate database() {
        return database;
    }
}
