package cn.huanxin.ledger.api.config;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Refuses UPDATE and DELETE on the append-only tables of the embedded H2 database, as the
 * PostgreSQL trigger does: corrections are new events, never edits.
 */
public class H2AppendOnlyTrigger implements Trigger {

    private String table;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName,
                     boolean before, int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("the ledger is append-only: changing " + table + " is refused", "42501");
    }
}
