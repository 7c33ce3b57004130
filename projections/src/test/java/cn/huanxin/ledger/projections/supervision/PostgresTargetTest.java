package cn.huanxin.ledger.projections.supervision;

import org.springframework.jdbc.core.JdbcTemplate;

class PostgresTargetTest extends TargetContract {

    @Override
    JdbcTemplate database() {
        return SharedPostgres.jdbc();
    }
}
