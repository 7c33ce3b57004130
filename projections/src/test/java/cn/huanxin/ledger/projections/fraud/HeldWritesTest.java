package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real PostgreSQL: the rows inserted through a {@link HeldWrites.Template} into a held table
 * stay in memory until a statement names the table, and are then in it, in the order inserted, before
 * the statement runs — a query, an update, a plain statement, an insert of a row that cannot be held —
 * in the statement's transaction; other tables are written at once; between pages what is held beyond
 * the bound is written, largest table first; what no statement needed is never written.
 */
class HeldWritesTest {

    private static EmbeddedPostgres postgres;
    private Connection connection;
    private JdbcTemplate plain;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void tables() throws SQLException {
        plain = new JdbcTemplate(postgres.getPostgresDatabase());
        plain.execute("DROP TABLE IF EXISTS held_a, held_a_more, held_b, not_held");
        plain.execute("CREATE TABLE held_a (k VARCHAR(20) PRIMARY KEY, n BIGINT, seq SERIAL)");
        plain.execute("CREATE TABLE held_a_more (k VARCHAR(20), note TEXT)");
        plain.execute("CREATE TABLE held_b (k VARCHAR(20), n BIGINT)");
        plain.execute("CREATE TABLE not_held (k VARCHAR(20), n BIGINT)");
        connection = postgres.getPostgresDatabase().getConnection();
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private HeldWrites held(long bound) {
        return new HeldWrites(List.of("held_a", "held_a_more", "held_b"), bound);
    }

    private static List<Object[]> rows(String prefix, int from, int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(new Object[]{prefix + i, (long) i});
        }
        return rows;
    }

    private long count(String table) {
        return plain.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    @Test
    void rowsAreWrittenWhenAStatementNamesTheirTableAndNotBefore() {
        HeldWrites held = held(Long.MAX_VALUE);
        JdbcTemplate jdbc = held.template(new SingleConnectionDataSource(held.guard(connection), true));

        PendingWrites.batch(jdbc, "INSERT INTO held_a (k, n) VALUES (?,?)", rows("a", 0, 40));
        PendingWrites.batch(jdbc, "INSERT INTO held_a (k, n) VALUES (?,?)", rows("a", 40, 1));
        PendingWrites.batch(jdbc, "INSERT INTO held_b (k, n) VALUES (?,?)", rows("b", 0, 3));
        PendingWrites.batch(jdbc, "INSERT INTO not_held (k, n) VALUES (?,?)", rows("x", 0, 2));
        assertThat(count("held_a")).as("held").isZero();
        assertThat(count("held_b")).as("held").isZero();
        assertThat(count("not_held")).as("not a held table: written at once").isEqualTo(2);
        assertThat(held.held()).isPositive();

        // a query of the table: every row inserted before it, in the order inserted
        assertThat(jdbc.queryForList("SELECT k FROM held_a ORDER BY seq", String.class))
                .isEqualTo(rows("a", 0, 41).stream().map(row -> (String) row[0]).toList());
        assertThat(count("held_b")).as("another table stays held").isZero();

        // an update by key of a row not yet written
        PendingWrites.batch(jdbc, "INSERT INTO held_b (k, n) VALUES (?,?)", rows("b", 3, 1));
        jdbc.update("UPDATE held_b SET n = 100 WHERE k = ?", "b3");
        assertThat(plain.queryForObject("SELECT n FROM held_b WHERE k = 'b3'", Long.class)).isEqualTo(100L);
        assertThat(held.held()).isZero();
        assertThat(held.written()).isPositive();
    }

    @Test
    void aPlainStatementAndARowThatCannotBeHeldWriteTheRowsBeforeThem() throws SQLException {
        HeldWrites held = held(Long.MAX_VALUE);
        Connection guarded = held.guard(connection);
        JdbcTemplate jdbc = held.template(new SingleConnectionDataSource(guarded, true));

        PendingWrites.batch(jdbc, "INSERT INTO held_a_more (k, note) VALUES (?,?)",
                List.of(new Object[]{"m1", "first"}, new Object[]{"m2", "second"}));
        // NUL has no text form in PostgreSQL's text: not held; the rows before it are written first
        List<Object[]> refused = List.<Object[]>of(new Object[]{"m3", "a\0b"});
        try {
            PendingWrites.batch(jdbc, "INSERT INTO held_a_more (k, note) VALUES (?,?)", refused);
        } catch (RuntimeException expected) {
            // PostgreSQL refuses NUL in text, as it would without holding
        }
        assertThat(count("held_a_more")).as("written before the row that could not be held").isEqualTo(2);

        PendingWrites.batch(jdbc, "INSERT INTO held_b (k, n) VALUES (?,?)", rows("b", 0, 5));
        try (Statement statement = guarded.createStatement()) {
            statement.executeUpdate("DELETE FROM held_b WHERE n < 2");
        }
        assertThat(count("held_b")).as("held rows written before the delete ran").isEqualTo(3);
    }

    @Test
    void heldRowsAreWrittenInTheStatementsTransaction() {
        HeldWrites held = held(Long.MAX_VALUE);
        SingleConnectionDataSource source = new SingleConnectionDataSource(held.guard(connection), true);
        JdbcTemplate jdbc = held.template(source);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(source));

        PendingWrites.batch(jdbc, "INSERT INTO held_b (k, n) VALUES (?,?)", rows("b", 0, 50));
        try {
            transaction.executeWithoutResult(status -> {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM held_b", Long.class)).isEqualTo(50);
                throw new IllegalStateException("the page fails");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(count("held_b")).as("rolled back with the transaction that needed them").isZero();
        assertThat(held.held()).as("no longer held").isZero();
    }

    @Test
    void betweenPagesWhatExceedsTheBoundIsWrittenLargestTableFirst() throws SQLException {
        HeldWrites held = held(1_000);
        JdbcTemplate jdbc = held.template(new SingleConnectionDataSource(held.guard(connection), true));

        PendingWrites.batch(jdbc, "INSERT INTO held_a (k, n) VALUES (?,?)", rows("a", 0, 200));
        PendingWrites.batch(jdbc, "INSERT INTO held_b (k, n) VALUES (?,?)", rows("b", 0, 20));
        long before = held.held();
        assertThat(before).isGreaterThan(1_000);
        held.giveUp(connection);
        assertThat(count("held_a")).as("the largest written").isEqualTo(200);
        assertThat(count("held_b")).as("the rest fits").isZero();
        assertThat(held.held()).isLessThanOrEqualTo(1_000).isPositive();
        assertThat(held.written() + held.held()).isEqualTo(before);

        held.giveUp(connection);
        assertThat(count("held_b")).as("within the bound: nothing more written").isZero();
        held.writeAll(connection);
        assertThat(count("held_b")).isEqualTo(20);
    }
}
