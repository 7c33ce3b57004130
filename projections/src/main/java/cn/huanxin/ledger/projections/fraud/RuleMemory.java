package cn.huanxin.ledger.projections.fraud;

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
 */
public final class RuleMemory {

    /** Entries a rule keeps between batches at most, unless the view is told otherwise. */
    public static final long DEFAULT_BOUND = 500_000;

    private final long bound;
    private Object state;

    public RuleMemory(long bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("a rule's memory bound must not be negative");
        }
        this.bound = bound;
    }

    /** A memory for one batch only, forgotten after it: what a rule works with outside the engine. */
    public static RuleMemory forOneBatch() {
        return new RuleMemory(DEFAULT_BOUND);
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

    /** Forgets the state: the next batch starts from the tables. */
    void forget() {
        state = null;
    }

    boolean isEmpty() {
        return state == null;
    }
}
