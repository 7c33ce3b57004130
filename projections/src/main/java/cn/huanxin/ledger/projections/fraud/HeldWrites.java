package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.support.PostgresCopy;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows the rules insert into their own tables, held in memory as {@code COPY} text instead of
 * written, until a statement needs them: for a view whose tables only its own rules read and which is
 * thrown away with them — an investigation's scratch view on PostgreSQL. Most of what the rules write
 * there is never read again within the run (a row per grant in a dozen tables, kept for an alert that
 * rarely comes); what is never read need never be written.
 * <ul>
 *   <li><b>Held.</b> An {@code INSERT INTO t (…) VALUES (?, …)} that the rules' batched writes
 *       ({@link PendingWrites#batch}) run through a {@link Template} on a table of the rules is encoded
 *       as {@code COPY} text ({@link PostgresCopy#encode}) and kept, in order, per table.</li>
 *   <li><b>Written before anything reads them.</b> The template's connection is {@linkplain #guard
 *       guarded}: every statement prepared or executed on it whose text names a table with rows held
 *       first writes them, one {@code COPY} per run of rows with the same column list, on that
 *       connection and in its transaction. A rule reads and writes only its own tables, on the one
 *       thread that decides it for a page, so the statement that needs the rows runs where they are
 *       written. A row without an exact text form is not held: the table's held rows are written
 *       before it, as for any statement.</li>
 *   <li><b>The bound.</b> At most {@code bound} bytes of text are held in all: when a page ends above
 *       it, {@link #giveUp} writes the tables with the most held, largest first, until the rest fits.
 *       What is held when the view closes is dropped with it.</li>
 * </ul>
 * The tables then hold only rows that some statement needed or that did not fit, and lack the rest:
 * the view's tables must not outlive it, nor be read on another connection.
 */
public final class HeldWrites {

    private final long bound;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    /**
     * @param tables the tables whose inserted rows are held: the rules' own
     * @param bound  bytes of {@code COPY} text held at most once a page ends
     */
    public HeldWrites(Collection<String> tables, long bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("the bound of held writes must not be negative: " + bound);
        }
        this.bound = bound;
        tables.forEach(table -> this.tables.put(table, new Table(table)));
    }

    /** The tables of the rules: those whose rows a view with these rules may hold. */
    public static List<String> tablesOf(Collection<FraudRule> rules) {
        return rules.stream().flatMap(rule -> rule.tables().stream()).distinct().toList();
    }

    /** Bytes of {@code COPY} text held now. */
    public long held() {
        return held.get();
    }

    /** Bytes of {@code COPY} text held and since written, in all. */
    public long written() {
        return written.get();
    }

    /**
     * A template whose {@link PendingWrites#batch batched inserts} into the held tables are held; its
     * data source must hand out a connection {@linkplain #guard guarded} by this.
     */
    public Template template(DataSource dataSource) {
        return new Template(dataSource, this);
    }

    /** A {@link JdbcTemplate} whose batched inserts into the rules' tables are held by {@link #held()}. */
    public static final class Template extends JdbcTemplate {
        private final HeldWrites held;

        private Template(DataSource dataSource, HeldWrites held) {
            super(dataSource);
            this.held = held;
        }

        HeldWrites held() {
            return held;
        }
    }

    /**
     * The connection, through which every statement that names a table with rows held writes them
     * first (statements prepared, or executed by text on a plain statement). Unwrapping it gives the
     * connection itself.
     */
    public Connection guard(Connection connection) {
        return (Connection) Proxy.newProxyInstance(HeldWrites.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        writeNamed(sql, connection);
                    }
                    Object result = call(method, connection, args);
                    if (method.getName().equals("createStatement")) {
                        return guard((Statement) result, connection);
                    }
                    return result;
                });
    }

    private Statement guard(Statement statement, Connection connection) {
        return (Statement) Proxy.newProxyInstance(HeldWrites.class.getClassLoader(), new Class<?>[]{Statement.class},
                (proxy, method, args) -> {
                    if ((method.getName().startsWith("execute") || method.getName().equals("addBatch"))
                            && args != null && args.length > 0 && args[0] instanceof String sql) {
                        writeNamed(sql, connection);
                    }
                    return call(method, statement, args);
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Holds the rows of {@code INSERT INTO target VALUES (?, …)}, {@code target} being the table and
     * its column list ({@code t (a, b)}).
     *
     * @return false, holding nothing, when the table is not held or a value has no exact text form:
     * the caller writes the rows, through the guarded connection
     */
    boolean hold(String target, List<Object[]> rows) {
        int space = target.indexOf(' ');
        Table table = tables.get(space < 0 ? target : target.substring(0, space));
        if (table == null) {
            return false;
        }
        PostgresCopy.Encoded encoded = PostgresCopy.encode(rows);
        if (encoded == null) {
            return false;
        }
        byte[] text = encoded.bytes().length == encoded.length() ? encoded.bytes()
                : Arrays.copyOf(encoded.bytes(), encoded.length());
        table.chunks.add(new Chunk(target, text));
        table.bytes += text.length;
        held.addAndGet(text.length);
        return true;
    }

    /**
     * Writes, on {@code connection}, the held rows of the tables with the most held, largest first,
     * until what is held fits the bound. Called between pages, when no rule decides.
     */
    public void giveUp(Connection connection) {
        if (held.get() <= bound) {
            return;
        }
        List<Table> largest = new ArrayList<>(tables.values());
        largest.sort(Comparator.comparingLong((Table table) -> table.bytes).reversed());
        for (Table table : largest) {
            if (held.get() <= bound) {
                return;
            }
            table.write(connection);
        }
    }

    /** Writes every row held, on {@code connection}. */
    public void writeAll(Connection connection) {
        tables.values().forEach(table -> table.write(connection));
    }

    /** Writes the held rows of every table that {@code sql} names (a longer name that contains it too). */
    private void writeNamed(String sql, Connection connection) {
        for (Table table : tables.values()) {
            if (sql.contains(table.name) && !table.chunks.isEmpty()) {
                table.write(connection);
            }
        }
    }

    /** One call's rows: their target ({@code t (a, b)}) and their text. */
    private record Chunk(String target, byte[] text) {
    }

    /** A table's held rows, in the order they were inserted. */
    private final class Table {
        private final String name;
        private final List<Chunk> chunks = new ArrayList<>();
        private long bytes;

        Table(String name) {
            this.name = name;
        }

        /** Writes the held rows, one {@code COPY} per run of chunks with the same column list, and forgets them. */
        void write(Connection connection) {
            int from = 0;
            while (from < chunks.size()) {
                String target = chunks.get(from).target();
                int to = from;
                List<InputStream> parts = new ArrayList<>();
                while (to < chunks.size() && chunks.get(to).target().equals(target)) {
                    parts.add(new ByteArrayInputStream(chunks.get(to).text()));
                    to++;
                }
                try {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN",
                            new SequenceInputStream(Collections.enumeration(parts)));
                } catch (SQLException e) {
                    throw new IllegalStateException("writing the held rows of " + name + " failed", e);
                } catch (IOException e) {
                    throw new UncheckedIOException("writing the held rows of " + name + " failed", e);
                }
                from = to;
            }
            chunks.clear();
            held.addAndGet(-bytes);
            written.addAndGet(bytes);
            bytes = 0;
        }
    }
}
