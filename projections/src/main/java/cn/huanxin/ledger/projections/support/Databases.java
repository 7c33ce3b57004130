package cn.huanxin.ledger.projections.support;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** Which database a view's tables are on, where a view writes differently on PostgreSQL and on H2. */
public final class Databases {

    private Databases() {
    }

    /** Whether the template's database is PostgreSQL (one look at a connection's metadata). */
    public static boolean isPostgres(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) connection ->
                "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())));
    }
}
