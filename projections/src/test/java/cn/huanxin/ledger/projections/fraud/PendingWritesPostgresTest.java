package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.support.PostgresCopy;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On a real PostgreSQL, an insert of many rows goes as one {@code COPY} and writes exactly what the
 * rows hold — text with tabs, line breaks, backslashes, {@code \N} and Chinese, whole numbers at their
 * limits, decimals, dates, booleans and nulls — and a batch whose rows the table refuses writes none of
 * them; a few rows, or values without an exact text form, go as {@code INSERT}s. Through a
 * {@link HeldWrites.Template}, inserts into held tables wait for a statement that names them ({@link Held}).
 */
class PendingWritesPostgresTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate plain;
    private static final List<String> prepared = new CopyOnWriteArrayList<>();
    private static JdbcTemplate counted;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
        plain = new JdbcTemplate(postgres.getPostgresDatabase());
        counted = new JdbcTemplate(new DelegatingDataSource(postgres.getPostgresDatabase()) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                                prepared.add(sql);
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void table() {
        plain.execute("DROP TABLE IF EXISTS copied");
        plain.execute("CREATE TABLE copied (id BIGINT PRIMARY KEY, label VARCHAR(200), n INTEGER, amount NUMERIC(20,2), "
                + "day DATE, flag BOOLEAN, at TIMESTAMP)");
        prepared.clear();
    }

    private static final String INSERT = "INSERT INTO copied (id, label, n, amount, day, flag) VALUES (?,?,?,?,?,?)";

    private static final String[] LABELS = {"plain", "tab\there", "line\nbreak", "back\\slash", "\\N", "", "商户 E-1 以旧换新",
            "carriage\rreturn", "ends with backslash\\", "\\t literally", "Müller ß é", "表情 \uD83D\uDE00 U+1F600",
            "\u0800\uFFFF\u07FF\u0080\u007F"};

    private static List<Object[]> rows(int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[]{i == 0 ? Long.MAX_VALUE : i == 1 ? Long.MIN_VALUE : (long) i,
                    i % 11 == 10 ? null : LABELS[i % LABELS.length], i % 7 == 0 ? null : i == 3 ? Integer.MIN_VALUE : (i % 2 == 0 ? -1 : 1) * i * 1000,
                    i % 5 == 0 ? null : new BigDecimal("-12345678901234.5").add(BigDecimal.valueOf(i)),
                    i % 3 == 0 ? null : LocalDate.of(1 + i * 97 % 9999, 1 + i % 12, 1 + i % 28),
                    i % 4 == 0 ? null : i % 2 == 0});
        }
        return rows;
    }

    private static List<String> stored() {
        return plain.query("SELECT id, label, n, amount, day, flag FROM copied ORDER BY id", (rs, n) -> rs.getObject(1)
                + "|" + rs.getString(2) + "|" + rs.getObject(3) + "|" + rs.getBigDecimal(4) + "|"
                + rs.getObject(5, LocalDate.class) + "|" + rs.getObject(6));
    }

    private static List<String> expected(List<Object[]> rows) {
        return rows.stream().sorted((a, b) -> Long.compare((Long) a[0], (Long) b[0]))
                .map(r -> r[0] + "|" + r[1] + "|" + r[2] + "|"
                        + (r[3] == null ? null : ((BigDecimal) r[3]).setScale(2)) + "|" + r[4] + "|" + r[5])
                .toList();
    }

    @Test
    void manyRowsGoAsOneCopyAndAreStoredExactly() {
        List<Object[]> rows = rows(300);
        PendingWrites.batch(counted, INSERT, rows);
        assertThat(prepared).as("no INSERT prepared: the rows went as a COPY")
                .noneMatch(sql -> sql.startsWith("INSERT"));
        assertThat(stored()).isEqualTo(expected(rows));
    }

    @Test
    void aFewRowsGoAsInsertsAndAreStoredTheSame() {
        List<Object[]> rows = rows(PendingWrites.ROWS_PER_COPY - 1);
        PendingWrites.batch(counted, INSERT, rows);
        assertThat(prepared).anyMatch(sql -> sql.startsWith("INSERT"));
        assertThat(stored()).isEqualTo(expected(rows));
    }

    @Test
    void valuesWithoutAnExactTextFormGoAsInserts() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new Object[]{(long) i, "t", Timestamp.valueOf("2024-09-01 10:00:00")});
        }
        assertThat(PostgresCopy.encode(rows)).isNull();
        PendingWrites.batch(counted, "INSERT INTO copied (id, label, at) VALUES (?,?,?)", rows);
        assertThat(prepared).anyMatch(sql -> sql.startsWith("INSERT"));
        assertThat(plain.queryForObject("SELECT count(*) FROM copied WHERE at = TIMESTAMP '2024-09-01 10:00:00'",
                Long.class)).isEqualTo(100);
    }

    /** A lone surrogate has no UTF-8 form that reads back as it was: those rows go as INSERTs, like NUL. */
    @Test
    void aLoneSurrogateOrANulIsNotCopied() {
        for (String text : List.of("lone \uD83D high", "lone \uDE00 low", "ends high \uD83D", "nul \u0000 inside")) {
            List<Object[]> rows = rows(40);
            rows.set(7, new Object[]{7L, text, null, null, null, null});
            assertThat(PostgresCopy.encode(rows)).as(text).isNull();
        }
        assertThat(PostgresCopy.encode(rows(40))).isNotNull();
    }

    @Test
    void aRowTheTableRefusesFailsTheWholeCopyAndWritesNothing() {
        List<Object[]> rows = rows(100);
        rows.add(rows.get(50).clone());
        assertThatThrownBy(() -> PendingWrites.batch(counted, INSERT, rows))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(plain.queryForObject("SELECT count(*) FROM copied", Long.class)).isZero();
    }

    private static final String UPDATE = "UPDATE copied SET label = ?, n = ?, amount = ?, day = ?, flag = ? WHERE id = ?";
    private static final String UPDATE_ALL = "UPDATE copied c SET label = v.label, n = v.n, amount = v.amount, "
            + "day = v.day, flag = v.flag FROM unnest(?::varchar[], ?::integer[], ?::numeric[], ?::date[], "
            + "?::boolean[], ?::bigint[]) AS v(label, n, amount, day, flag, id) WHERE c.id = v.id";

    /** Each stored row given the values of another row of {@link #rows}, as update arguments (key last). */
    private static List<Object[]> updates(List<Object[]> rows) {
        List<Object[]> updates = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Object[] other = rows.get((i + 5) % rows.size());
            updates.add(new Object[]{other[1], other[2], other[3], other[4], other[5], rows.get(i)[0]});
        }
        return updates;
    }

    private static List<Object[]> updated(List<Object[]> updates) {
        return updates.stream().map(u -> new Object[]{u[5], u[0], u[1], u[2], u[3], u[4]}).toList();
    }

    /**
     * Many updates go as one statement, the columns as arrays, a few as a JDBC batch; either way they
     * store exactly what the rows of arguments hold.
     */
    @Test
    void updatesStoreExactlyWhatTheRowsHoldAsOneStatementOrAsABatch() {
        for (int count : List.of(300, PendingWrites.ROWS_PER_COPY - 1)) {
            table();
            List<Object[]> rows = rows(count);
            PendingWrites.batch(plain, INSERT, rows);
            List<Object[]> updates = updates(rows);
            PendingWrites.update(counted, UPDATE, UPDATE_ALL, updates);
            assertThat(prepared).as("%d rows", count).containsExactly(count == 300 ? UPDATE_ALL : UPDATE);
            assertThat(stored()).as("%d rows", count).isEqualTo(expected(updated(updates)));
        }
    }

    /** A value without an exact text form (a lone surrogate) sends many updates as a batch instead. */
    @Test
    void updatesWithAValueWithoutAnExactTextFormGoAsABatch() {
        List<Object[]> rows = rows(300);
        PendingWrites.batch(plain, INSERT, rows);
        List<Object[]> updates = new ArrayList<>(updates(rows));
        updates.set(7, new Object[]{"lone \uD800 surrogate", 1, null, null, null, rows.get(7)[0]});
        PendingWrites.update(counted, UPDATE, UPDATE_ALL, updates);
        assertThat(prepared).containsExactly(UPDATE);
    }

    /** An update that finds no row fails the call, whichever way it went. */
    @Test
    void anUpdateOfARowNotStoredFails() {
        for (int count : List.of(PendingWrites.ROWS_PER_COPY - 1, 300)) {
            table();
            List<Object[]> rows = rows(count);
            PendingWrites.batch(plain, INSERT, rows.subList(1, count));
            assertThatThrownBy(() -> PendingWrites.update(plain, UPDATE, UPDATE_ALL, updates(rows)))
                    .as("%d rows", count).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(count + " rows were to be updated").hasMessageContaining((count - 1) + " were");
        }
    }

    /**
     * On a real PostgreSQL: the rows inserted through a {@link HeldWrites.Template} into a held table
     * stay in memory until a statement names the table, and are then in it, in the order inserted, before
     * the statement runs — a query, an update, a plain statement, an insert of a row that cannot be held —
     * in the statement's transaction; other tables are written at once; between pages what is held beyond
     * the bound is written, largest table first; what no statement needed is never written.
     */
    @Nested
    class Held {

        private Connection connection;

        @BeforeEach
        void tables() throws SQLException {
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
}
