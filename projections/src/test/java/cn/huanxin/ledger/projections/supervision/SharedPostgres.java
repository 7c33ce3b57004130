package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;

/**
 * One PostgreSQL for all supervision tests of a run, started on first use and stopped when the JVM
 * exits: starting one takes seconds, and every test clears the projection's tables first anyway.
 */
final class SharedPostgres {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    private SharedPostgres() {
    }

    static synchronized JdbcTemplate jdbc() {
        if (jdbc == null) {
            postgres = ProjectionDatabases.postgres();
            jdbc = ProjectionDatabases.migrated(postgres);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // The JVM is exiting; the temporary database directory goes with it.
                }
            }));
        }
        return jdbc;
    }
}
