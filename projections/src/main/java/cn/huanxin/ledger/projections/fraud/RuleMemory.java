package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one rule of one fraud view keeps from one batch to the next: a copy of some of its tables'
 * rows, so that a batch reads from the database only what earlier batches have not read. The view
 * keeps it only while it knows the copy to be the tables' truth: it is forgotten when a batch rolls
 * back, when the view is reset and when anyone else (another node, a rebuild elsewhere) wrote the
 * view's tables since this view's last batch (see {@link FraudView}). A rule that uses it must
 * therefore be able to read everything it needs from its tables at any batch, as if it had no memory.
 * <p>
 * The memory holds at most {@link #bound()} entries (what an entry is, the rule says: R22 counts
 * price cells, R24 merchant days); a rule forgets its least recently used keys beyond it, never those
 * of the batch at hand. Used by one batch at a time.
 * <p>
 * Beside the rule's state it holds the rule's {@link KeyFilter}s, one per table and key column it asks
 * for: which keys may have rows there. They are forgotten with the state.
 */
public final class RuleMemory {

    /** Entries a rule keeps between batches at most, unless the view is told otherwise. */
    public static final long DEFAULT_BOUND = 500_000;

    private final long bound;
    /** Whether the memory is kept between batches; a memory for one batch has no key filters. */
    private final boolean kept;
    private final long filterCapacity;
    /** Entries each table's {@link KeyedRows} holds at most; 0: none are held. */
    private final long rowsBound;
    private Object state;
    private final Map<String, KeyFilter> filters = new HashMap<>();
    private final Map<String, KeyedRows<?, ?>> rows = new HashMap<>();
    /** Whether rows held were forgotten before they were written: the rule's tables are then incomplete. */
    private boolean rowsLost;

    /**
     * A memory kept between batches, whose key filters are each made for {@code 2 × bound} keys (at most
     * {@value #MAX_FILTER_CAPACITY}).
     */
    public RuleMemory(long bound) {
        this(bound, 0);
    }

    /**
     * A memory kept between batches, as {@link #RuleMemory(long)}, whose {@link KeyedRows} each hold up
     * to {@code rowsBound} entries from batch to batch (0: none).
     */
    public RuleMemory(long bound, long rowsBound) {
        this(bound, true, Math.min(Math.max(0, bound), MAX_FILTER_CAPACITY / 2) * 2, rowsBound);
    }

    /** Keys a key filter is made for at most: 75 MB of bits. */
    static final long MAX_FILTER_CAPACITY = 50_000_000;

    /**
     * @param kept           whether the memory is kept between batches (a memory for one batch has no key
     *                       filters: making one reads the table's keys)
     * @param filterCapacity keys each {@link KeyFilter} is made for
     */
    RuleMemory(long bound, boolean kept, long filterCapacity) {
        this(bound, kept, filterCapacity, 0);
    }

    private RuleMemory(long bound, boolean kept, long filterCapacity, long rowsBound) {
        if (rowsBound < 0) {
            throw new IllegalArgumentException("a rule's bound of rows held must not be negative");
        }
        if (bound < 0) {
            throw new IllegalArgumentException("a rule's memory bound must not be negative");
        }
        if (filterCapacity < 0) {
            throw new IllegalArgumentException("a key filter's capacity must not be negative");
        }
        this.bound = bound;
        this.kept = kept;
        this.filterCapacity = filterCapacity;
        this.rowsBound = rowsBound;
    }

    /** A memory for one batch only, forgotten after it: what a rule works with outside the engine. */
    public static RuleMemory forOneBatch() {
        return new RuleMemory(DEFAULT_BOUND, false, 0);
    }

    /** Entries kept between batches at most. */
    public long bound() {
        return bound;
    }

    /** The rule's state, created empty when there is none (first batch, or forgotten since). */
    public <T> T state(Class<T> type, Supplier<? extends T> empty) {
        if (state == null) {
            state = Objects.requireNonNull(empty.get(), "empty state");
        }
        return type.cast(state);
    }

    /**
     * Which keys of {@code column} of {@code table} (one of the rule's tables) may have rows, made from
     * the table through {@code jdbc} the first time it is asked for (see {@link KeyFilter}); for a memory
     * of one batch, a filter that holds every key.
     */
    public KeyFilter keys(JdbcTemplate jdbc, String table, String column) {
        if (!kept) {
            return KeyFilter.everyKey();
        }
        return filters.computeIfAbsent(table + "." + column, k -> KeyFilter.of(jdbc, table, column, filterCapacity));
    }

    /**
     * Whether the rule's {@link KeyedRows} hold their rows from batch to batch, instead of the tables
     * holding them after each batch: a memory kept between batches with a bound of rows held.
     */
    public boolean holdsRows() {
        return kept && rowsBound > 0;
    }

    /**
     * The rule's rows of {@code table} by key ({@link KeyedRows}): held from batch to batch when the
     * memory {@link #holdsRows}, else for one batch (a new one each time it is asked for).
     *
     * @throws IllegalStateException when rows held were forgotten before they were written (the batch
     *                               that held them did not commit): the tables would not hold them
     */
    @SuppressWarnings("unchecked")
    public <K, V> KeyedRows<K, V> rows(String table) {
        if (rowsLost) {
            throw new IllegalStateException("rows a rule held in memory were forgotten before they were written");
        }
        if (!holdsRows()) {
            return new KeyedRows<>(false, 0);
        }
        return (KeyedRows<K, V>) rows.computeIfAbsent(table, t -> new KeyedRows<>(true, rowsBound));
    }

    /**
     * Forgets the state, the key filters and the rows held: the next batch starts from the tables.
     * Rows held that were not written yet are lost with them, and the tables no longer hold all the
     * rule's rows: every later {@link #rows} refuses.
     */
    void forget() {
        state = null;
        filters.clear();
        for (KeyedRows<?, ?> table : rows.values()) {
            rowsLost |= table.held() > 0;
        }
        rows.clear();
    }

    boolean isEmpty() {
        return state == null && filters.isEmpty() && rows.isEmpty();
    }
}
