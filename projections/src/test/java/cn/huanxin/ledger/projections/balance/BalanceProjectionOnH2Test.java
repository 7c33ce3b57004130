package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import org.springframework.jdbc.core.JdbcTemplate;

/** The balance projection's behaviours on a fresh in-memory H2 database per test. */
class BalanceProjectionOnH2Test extends BalanceProjectionBehaviours {

    @Override
    protected JdbcTemplate freshDatabase() {
        return ProjectionDatabases.h2();
    }
}
