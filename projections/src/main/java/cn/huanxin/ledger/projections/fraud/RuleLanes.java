package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several threads on which one {@link FraudView}'s rules decide a batch at the same time, each thread
 * with a connection of its own: for a caller that feeds whole pages of history to the view in
 * transactions of its own ({@link FraudView#process}), such as an investigation. The rules are
 * independent of one another (each reads and writes only its own tables); the engine deals them to
 * the lanes, and then puts their alerts in the order one thread would have raised them
 * ({@link LanedDecision}). A lane's statements go through its connection, in one transaction per batch
 * that commits when the lane's rules have written; the first lane is the caller's own thread,
 * connection and transaction, which commits after the call. A rule therefore keeps its lane for a
 * whole call, and may change lanes only between calls, when every lane's writes are committed.
 * <p>
 * Why: one thread alternates between deciding in Java and waiting for its statements, so that on a
 * machine of two cores each side stays half idle; two lanes keep both busy.
 * <p>
 * Only for a view whose batches run in a transaction of their own, never inside a processor's unit of
 * work: a lane's writes commit with its own transaction, not with the caller's.
 */
public final class RuleLanes implements AutoCloseable {

    /**
     * A lane beyond the caller's: where its rules' statements go, and how a batch's share of them is
     * made one transaction.
     */
    public record Lane(JdbcTemplate jdbc, TransactionOperations transactions) {
        public Lane {
            Objects.requireNonNull(jdbc, "jdbc");
            Objects.requireNonNull(transactions, "transactions");
        }
    }

    private final List<Lane> others;
    private final ExecutorService threads;
    /** What each rule cost in the batches before, in nanoseconds, smoothed; read and written between batches. */
    private double[] costs = new double[0];

    /**
     * @param others the lanes beyond the caller's; none makes the view decide on the caller's thread
     *               only, as without lanes
     */
    public RuleLanes(List<Lane> others) {
        this.others = List.copyOf(others);
        AtomicInteger made = new AtomicInteger();
        this.threads = this.others.isEmpty() ? null : Executors.newFixedThreadPool(this.others.size(), task -> {
            Thread thread = new Thread(task, "fraud-lane-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lanes in all, the caller's included. */
    public int count() {
        return others.size() + 1;
    }

    /** The lane beyond the caller's with this number (1 … {@code count() - 1}). */
    Lane lane(int number) {
        return others.get(number - 1);
    }

    ExecutorService threads() {
        return threads;
    }

    /**
     * Deals the rules to the lanes for one call of {@link FraudView#process} (a rule must keep its lane
     * for as long as the caller's transaction is open): the costliest first, each to the lane with the
     * least work so far (by what the rules cost before; in turns while nothing is known yet).
     *
     * @return each rule's lane, 0 being the caller's
     */
    int[] deal(int rules) {
        if (costs.length != rules) {
            costs = new double[rules];
        }
        Integer[] order = new Integer[rules];
        for (int i = 0; i < rules; i++) {
            order[i] = i;
        }
        double[] known = costs;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -known[i]).thenComparingInt(i -> i));
        double[] load = new double[count()];
        int[] laneOf = new int[rules];
        for (int rule : order) {
            int least = 0;
            for (int lane = 1; lane < load.length; lane++) {
                if (load[lane] < load[least]) {
                    least = lane;
                }
            }
            laneOf[rule] = least;
            // a rule of unknown cost counts as one, so that such rules go round the lanes in turn
            load[least] += Math.max(1, known[rule]);
        }
        return laneOf;
    }

    /** What a rule cost in the batch just decided; weighs as much as all before it together. */
    void cost(int rule, long nanos) {
        costs[rule] = costs[rule] == 0 ? nanos : (costs[rule] + nanos) / 2;
    }

    /** Refuses rules that share a table: they could not decide on two connections at once. */
    static void requireOwnTables(List<FraudRule> rules) {
        Set<String> seen = new HashSet<>();
        for (FraudRule rule : rules) {
            for (String table : rule.tables()) {
                if (!seen.add(table)) {
                    throw new IllegalArgumentException("table " + table + " belongs to more than one rule ("
                            + rule.id() + " among them): the rules cannot decide on lanes of their own");
                }
            }
        }
    }

    /** Ends the lanes' threads; the connections are the caller's to close. */
    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
