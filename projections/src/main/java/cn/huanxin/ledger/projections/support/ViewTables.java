package cn.huanxin.ledger.projections.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * A view's own tables as a whole: emptied for a rebuild (exactly the tables named, in the caller's
 * transaction), or asked whether they hold anything.
 */
public final class ViewTables {

    private ViewTables() {
    }

    /** Whether the table has no row at all: one row looked for, not counted. */
    public static boolean isEmpty(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("SELECT 1 FROM " + table + " LIMIT 1").isEmpty();
    }

    /**
     * PostgreSQL truncates the tables, all in one statement: that is transactional there, frees the
     * space at once and leaves neither dead rows nor swollen indexes for the replay to write past,
     * where deleting a view of a million events' rows row by row costs the database more than
     * writing them. H2's {@code TRUNCATE} would commit the caller's transaction, so H2 deletes.
     */
    public static void clear(JdbcTemplate jdbc, List<String> tables) {
        if (tables.isEmpty()) {
            return;
        }
        if (Databases.isPostgres(jdbc)) {
            jdbc.execute("TRUNCATE TABLE " + String.join(", ", tables));
        } else {
            tables.forEach(table -> jdbc.update("DELETE FROM " + table));
        }
    }
}
