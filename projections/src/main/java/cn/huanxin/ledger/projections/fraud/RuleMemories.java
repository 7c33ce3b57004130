package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@link RuleMemory} of each rule of one {@link FraudView}, lent to one batch (a unit of work, or a
 * call of {@link FraudView#process}) at a time, and vouched for only while the view's own committed
 * batches are the only writers of its tables. Every batch writes a new stamp to
 * {@code fraud_memory_stamp} in its own transaction; a batch that finds there a stamp other than the
 * one this view last saw committed — another node processed the view, it was reset elsewhere, or this
 * view's last batch rolled back — starts with the memories forgotten. So does the batch after a reset
 * here or after a batch that did not commit. A batch that finds the memories lent out (two units of
 * work at once, which the processor never runs) gets memories of its own, forgotten after it, and its
 * stamp makes the lent ones forgotten next time.
 */
final class RuleMemories {

    private final JdbcTemplate jdbc;
    private final int rules;
    private final long bound;
    private final long rowsBound;
    private final List<RuleMemory> memories;
    /** Names this view's stamps, unlike any other view's or node's. */
    private final String owner = UUID.randomUUID().toString();
    // guarded by this: whether the memories are lent out, the stamp of the last batch seen committed
    // (null when the memories are not vouched for), the stamps written, and resets so far
    private boolean lentOut;
    private String confirmedStamp;
    private long stamps;
    private long resets;

    /**
     * @param rules the view's number of rules
     * @param bound entries each rule keeps between batches at most; 0 keeps nothing between batches
     */
    RuleMemories(JdbcTemplate jdbc, int rules, long bound) {
        this(jdbc, rules, bound, 0);
    }

    /**
     * @param rowsBound entries each table's {@link KeyedRows} holds from batch to batch at most (0: the
     *                  tables hold every row after each batch); only where this view is the only reader
     *                  of its tables and nothing is kept from a failed batch (an investigation)
     */
    RuleMemories(JdbcTemplate jdbc, int rules, long bound, long rowsBound) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.bound = bound;
        this.rowsBound = rowsBound;
        this.memories = fresh();
    }

    /** The memories kept between batches. */
    private List<RuleMemory> fresh() {
        List<RuleMemory> fresh = new ArrayList<>(rules);
        for (int i = 0; i < rules; i++) {
            fresh.add(new RuleMemory(bound, rowsBound));
        }
        return List.copyOf(fresh);
    }

    /** Memories of one batch's own, forgotten after it. */
    private List<RuleMemory> forOneBatch() {
        List<RuleMemory> own = new ArrayList<>(rules);
        for (int i = 0; i < rules; i++) {
            own.add(RuleMemory.forOneBatch());
        }
        return List.copyOf(own);
    }

    /**
     * Lends the memories to one batch: forgotten first unless the stamp in the table is the one this
     * view last saw committed, then marked as not vouched for until the batch commits, and a new stamp
     * written in the batch's transaction. When they are lent out already (or the bound is 0), the batch
     * gets memories of its own, and still writes a new stamp: its writes are in no memory kept, so
     * whoever keeps one must find a stamp it does not know.
     */
    Lease borrow() {
        boolean lend;
        long generation;
        String stamp;
        synchronized (this) {
            lend = !lentOut && bound > 0;
            lentOut |= lend;
            generation = resets;
            stamp = owner + ":" + (++stamps);
        }
        if (!lend) {
            writeStamp(stamp);
            return new Lease(forOneBatch(), null, -1);
        }
        boolean lent = false;
        try {
            List<String> stored = jdbc.queryForList("SELECT stamp FROM fraud_memory_stamp WHERE id = 1", String.class);
            String expected;
            synchronized (this) {
                expected = confirmedStamp;
                confirmedStamp = null;
            }
            if (expected == null || !stored.equals(List.of(expected))) {
                memories.forEach(RuleMemory::forget);
            }
            writeStamp(stamp);
            lent = true;
            return new Lease(memories, stamp, generation);
        } finally {
            if (!lent) {
                memories.forEach(RuleMemory::forget);
                synchronized (this) {
                    lentOut = false;
                }
            }
        }
    }

    private void writeStamp(String stamp) {
        if (jdbc.update("UPDATE fraud_memory_stamp SET stamp = ? WHERE id = 1", stamp) == 0) {
            jdbc.update("INSERT INTO fraud_memory_stamp (id, stamp) VALUES (1, ?)", stamp);
        }
    }

    /**
     * The view's tables are being cleared: the memories are forgotten (at once, or when the batch that
     * holds them returns them) and the stamp deleted, in the caller's transaction.
     */
    void reset() {
        synchronized (this) {
            resets++;
            confirmedStamp = null;
            if (!lentOut) {
                memories.forEach(RuleMemory::forget);
            }
        }
        jdbc.update("DELETE FROM fraud_memory_stamp");
    }

    /** The memories one batch works with, and what the view learns when it ends. */
    final class Lease {
        private final List<RuleMemory> lent;
        /** The stamp the batch wrote; null for memories of the batch's own. */
        private final String stamp;
        private final long generation;
        private boolean committed;
        private boolean returned;

        private Lease(List<RuleMemory> lent, String stamp, long generation) {
            this.lent = lent;
            this.stamp = stamp;
            this.generation = generation;
        }

        RuleMemory memory(int rule) {
            return lent.get(rule);
        }

        /** The batch's transaction committed: the memories hold what the tables do. */
        void committed() {
            committed = true;
        }

        /** The batch is over: the memories are vouched for again if it committed. */
        void release() {
            if (stamp == null || returned) {
                return;
            }
            returned = true;
            synchronized (RuleMemories.this) {
                if (committed && generation == resets) {
                    confirmedStamp = stamp;
                } else {
                    confirmedStamp = null;
                    lent.forEach(RuleMemory::forget);
                }
                lentOut = false;
            }
        }
    }
}
