package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;

/** Idempotency, rebuild and the independent arithmetic check on one real PostgreSQL for the class. */
class BalanceRebuildOnPostgresTest extends BalanceRebuildBehaviours {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate database;

    @BeforeAll
    static void startPostgres() {
        postgres = ProjectionDatabases.postgres();
        database = ProjectionDatabases.migrated(postgres);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    protected JdbcTemplate freshDatabase() {
        return BalanceTables.cleared(database);
    }
}
