package cn.huanxin.ledger.projections.supervision;

import org.springframework.jdbc.core.JdbcTemplate;

class PostgresTargetTotalsTest extends TargetTotalsContract {

    @Override
    JdbcTemplate database() {
        return SharedPostgres.jdbc();
    }
}
