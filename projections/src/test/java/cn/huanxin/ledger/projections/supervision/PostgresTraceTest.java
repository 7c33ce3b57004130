package cn.huanxin.ledger.projections.supervision;

import org.springframework.jdbc.core.JdbcTemplate;

class PostgresTraceTest extends TraceContract {

    @Override
    JdbcTemplate database() {
        return SharedPostgres.jdbc();
    }
}
