package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency, rebuild and the independent arithmetic check on a fresh in-memory H2 database per test. */
class BalanceRebuildOnH2Test extends BalanceRebuildBehaviours {

    @Override
    protected JdbcTemplate freshDatabase() {
        return ProjectionDatabases.h2();
    }
}
