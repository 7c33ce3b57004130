package cn.huanxin.ledger.projections.supervision;

import org.springframework.jdbc.core.JdbcTemplate;

class PostgresReplayTest extends ReplayContract {

    @Override
    JdbcTemplate database() {
        return SharedPostgres.jdbc();
    }
}
