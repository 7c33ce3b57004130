package cn.huanxin.ledger.projections.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Fresh databases with the projection migrations applied, for projection tests: an in-memory H2
 * database, or a real PostgreSQL started for the test.
 */
public final class ProjectionDatabases {

    private ProjectionDatabases() {
    }

    public static JdbcTemplate h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:projection-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new JdbcTemplate(migrate(dataSource, "h2"));
    }

    /** Starts a PostgreSQL; the caller closes it when done. */
    public static EmbeddedPostgres postgres() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JdbcTemplate migrated(EmbeddedPostgres postgres) {
        return new JdbcTemplate(migrate(postgres.getPostgresDatabase(), "postgresql"));
    }

    private static DataSource migrate(DataSource dataSource, String vendor) {
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/projection/" + vendor, "classpath:db/projection/common").load().migrate();
        return dataSource;
    }
}
