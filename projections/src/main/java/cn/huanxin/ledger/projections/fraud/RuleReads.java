package cn.huanxin.ledger.projections.fraud;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads on which a {@link FraudView}'s rules read their state for a unit of work's first batch,
 * in parallel: each rule's {@link FraudRule#begin} runs on one of them, and its statements go to a
 * connection of its own, outside the caller's transaction (no transaction is bound to these threads).
 * Why that reads what the transaction would, {@link FraudView} says. Idle threads end after 30 s.
 */
final class RuleReads {

    private final ThreadPoolExecutor readers;

    RuleReads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("readThreads must not be negative");
        }
        AtomicInteger made = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "fraud-reads-" + made.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        readers.allowCoreThreadTimeOut(true);
    }

    /**
     * Every rule's batch begun on the read threads; returns when all have, or throws the first rule's
     * failure once all have ended (so that none still works with its memory).
     */
    List<RuleBatch> begin(List<FraudRule> rules, List<List<FraudEvent>> perRule, JdbcTemplate jdbc, int evidenceBound,
                          RuleMemories.Lease lease) {
        List<CompletableFuture<RuleBatch>> begun = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            FraudRule rule = rules.get(i);
            List<FraudEvent> events = perRule.get(i);
            RuleMemory memory = lease.memory(i);
            begun.add(CompletableFuture.supplyAsync(() -> rule.begin(events, jdbc, evidenceBound, memory), readers));
        }
        return Joined.all(begun, null, "a rule failed to read its state");
    }
}
