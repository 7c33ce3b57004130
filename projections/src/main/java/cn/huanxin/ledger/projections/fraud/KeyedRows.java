package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a rule knows of one of its tables, key by key (the key it reads the table by: every row of the
 * table belongs to one key), and the statements that write each key's rows. A rule loads the keys of a
 * batch ({@link #load}), decides with their values ({@link #get}), and hands over each statement with
 * the key whose rows it writes ({@link #write}); {@link #flush} ends the batch. Its {@link RuleMemory}
 * decides how it is kept:
 * <ul>
 *   <li>for the batch only (the live view, a rebuild, any memory that does not hold rows): the values
 *       are read for the batch's keys and forgotten after it, and the statements run when the batch is
 *       flushed, in the order they were written, as {@link PendingWrites} runs them — the tables are the
 *       one truth between batches;</li>
 *   <li>held (an investigation's view, {@link RuleMemory#holdsRows()}): the values stay known from
 *       batch to batch, and a key's statements are held with it instead of run, so that the table is
 *       neither written nor read for a key while it is known. When the keys known and the statements
 *       held together exceed the memory's bound at the end of a batch, the least recently used keys
 *       are given up: their statements run, each key's in the order written (the keys' rows are apart,
 *       so the order between keys does not matter), and they are forgotten, so that a later batch reads
 *       them back from the table, where they now are. The keys of the batch at hand are the most
 *       recently used, and go last. The table holds only what did not fit the bound, and what the rule
 *       would read from it is the same either way.</li>
 * </ul>
 * Used by one batch at a time, as its memory.
 *
 * @param <K> the key the table is read by
 * @param <V> what the rule makes of a key's rows
 */
public final class KeyedRows<K, V> {

    /** One statement for one key's rows. */
    private record Statement(String sql, Object[] args) {
    }

    /** A known key: its value, and its statements not yet run (held only). */
    private static final class Known<V> {
        private final V value;
        private List<Statement> held;

        Known(V value) {
            this.value = value;
        }
    }

    private final boolean holding;
    private final long bound;
    /** Known keys, least recently used first. */
    private final LinkedHashMap<K, Known<V>> known = new LinkedHashMap<>(16, 0.75f, true);
    /** The batch's statements when they are not held. */
    private final List<Statement> through = new ArrayList<>();
    private long statementsHeld;

    /**
     * @param holding whether values and statements are held from batch to batch
     * @param bound   entries held at most once a batch is flushed: each key known, and each statement
     *                held, is one
     */
    KeyedRows(boolean holding, long bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("the bound of rows held must not be negative");
        }
        this.holding = holding;
        this.bound = bound;
    }

    /**
     * Makes every key of {@code keys} known: those not known yet are handed to {@code read} at once,
     * which answers the values of those that have rows in the table (it may leave out any key it knows
     * to have none); every other key gets {@code empty}'s value.
     */
    public void load(Collection<K> keys, Function<Collection<K>, Map<K, V>> read, Function<K, V> empty) {
        List<K> unknown = new ArrayList<>();
        for (K key : keys) {
            // get, not containsKey: the access makes the key recently used
            if (known.get(key) == null) {
                unknown.add(key);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        Map<K, V> values = read.apply(unknown);
        for (K key : unknown) {
            V value = values.get(key);
            if (value == null) {
                value = Objects.requireNonNull(empty.apply(key), "empty value");
            }
            known.put(key, new Known<>(value));
        }
    }

    /** The value of a key loaded for this batch. */
    public V get(K key) {
        Known<V> entry = known.get(key);
        if (entry == null) {
            throw new IllegalStateException("key " + key + " was not loaded for this batch");
        }
        return entry.value;
    }

    /** A statement that writes rows of {@code key}, a key loaded for this batch. */
    public void write(K key, String sql, Object... args) {
        Statement statement = new Statement(sql, args);
        if (!holding) {
            through.add(statement);
            return;
        }
        Known<V> entry = known.get(key);
        if (entry == null) {
            throw new IllegalStateException("rows of key " + key + " written without loading it");
        }
        if (entry.held == null) {
            entry.held = new ArrayList<>(2);
        }
        entry.held.add(statement);
        statementsHeld++;
    }

    /**
     * Ends the batch: not held, its statements run in order and the values are forgotten; held, the
     * least recently used keys are given up until the keys known and the statements held are within the bound.
     */
    public void flush(JdbcTemplate jdbc) {
        if (!holding) {
            try {
                PendingWrites writes = new PendingWrites(jdbc);
                for (Statement statement : through) {
                    writes.add(statement.sql(), statement.args());
                }
                writes.flush();
            } finally {
                through.clear();
                known.clear();
            }
            return;
        }
        if (entries() <= bound) {
            return;
        }
        List<List<Statement>> given = new ArrayList<>();
        Iterator<Known<V>> eldest = known.values().iterator();
        while (entries() > bound && eldest.hasNext()) {
            Known<V> entry = eldest.next();
            if (entry.held != null) {
                given.add(entry.held);
                statementsHeld -= entry.held.size();
            }
            eldest.remove();
        }
        run(jdbc, given);
    }

    /**
     * Runs the statements of the keys given up, each key's in order: in rounds, the first statement of
     * every key, then every second one, …, each round's statements with the same SQL as one batch.
     */
    private static void run(JdbcTemplate jdbc, List<List<Statement>> keys) {
        for (int round = 0; ; round++) {
            Map<String, List<Object[]>> bySql = new LinkedHashMap<>();
            for (List<Statement> statements : keys) {
                if (round < statements.size()) {
                    Statement statement = statements.get(round);
                    bySql.computeIfAbsent(statement.sql(), sql -> new ArrayList<>()).add(statement.args());
                }
            }
            if (bySql.isEmpty()) {
                return;
            }
            bySql.forEach((sql, rows) -> PendingWrites.batch(jdbc, sql, rows));
        }
    }

    /** Statements held, not yet run. */
    public long held() {
        return statementsHeld;
    }

    /** What the bound counts: the keys known and the statements held. */
    long entries() {
        return known.size() + statementsHeld;
    }
}
