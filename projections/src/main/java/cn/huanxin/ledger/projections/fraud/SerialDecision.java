package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One batch decided on one thread, the order every other way of deciding must reproduce
 * ({@link LanedDecision}): each rule reads its state for the batch's events it reads, then the events
 * are taken one after the other — {@code onNewDay} to every rule when an event starts a later day,
 * then the event to every rule that reads it, a disposition to the alerts — then each rule writes what
 * changed, and the alerts are written with the clock.
 */
final class SerialDecision {

    private final List<FraudEvent> events;
    private final List<FraudRule> rules;
    private final Function<Class<?>, boolean[]> readers;
    private final PolicyTable policy;
    private final RegionTable regions;
    private final int evidenceBound;

    /**
     * @param events  the batch, judged events only, in global order
     * @param readers which rules read an event of a type
     */
    SerialDecision(List<FraudEvent> events, List<FraudRule> rules, Function<Class<?>, boolean[]> readers,
                   PolicyTable policy, RegionTable regions, int evidenceBound) {
        this.events = events;
        this.rules = rules;
        this.readers = readers;
        this.policy = policy;
        this.regions = regions;
        this.evidenceBound = evidenceBound;
    }

    /**
     * Decides the batch on {@code jdbc}, moving {@code clock}, and flushes its alerts to {@code raised}.
     * With {@code readAside}, the rules read their state there, beside the caller's transaction;
     * without, on {@code jdbc}.
     */
    void decide(JdbcTemplate jdbc, EventTimeClock clock, RuleMemories.Lease lease, AlertStore.Batch raised,
                RuleReads readAside) {
        List<List<FraudEvent>> perRule = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            perRule.add(new ArrayList<>());
        }
        for (FraudEvent item : events) {
            if (item.fact() instanceof AlertDispositioned) {
                continue;
            }
            boolean[] reads = readers.apply(item.fact().getClass());
            for (int i = 0; i < reads.length; i++) {
                if (reads[i]) {
                    perRule.get(i).add(item);
                }
            }
        }
        List<RuleBatch> batches;
        if (readAside != null) {
            batches = readAside.begin(rules, perRule, jdbc, evidenceBound, lease);
        } else {
            batches = new ArrayList<>(rules.size());
            for (int i = 0; i < rules.size(); i++) {
                batches.add(rules.get(i).begin(perRule.get(i), jdbc, evidenceBound, lease.memory(i)));
            }
        }
        EngineContext context = new EngineContext(jdbc, policy, regions, evidenceBound, raised);
        for (FraudEvent item : events) {
            boolean newDay = clock.advance(item.event());
            context.at(clock.nowMicros(), clock.today());
            if (newDay) {
                for (RuleBatch batch : batches) {
                    batch.onNewDay(clock.today(), context);
                }
            }
            if (item.fact() instanceof AlertDispositioned disposition) {
                raised.disposition(disposition);
                continue;
            }
            boolean[] reads = readers.apply(item.fact().getClass());
            for (int i = 0; i < reads.length; i++) {
                if (reads[i]) {
                    batches.get(i).on(item.fact(), item.event(), context);
                }
            }
        }
        for (RuleBatch batch : batches) {
            batch.flush();
        }
        raised.flush(clock);
    }
}
