package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fraud rule of RULES.md. A rule sees the events it reads, in the ledger's global order, keeps
 * its own state in its own tables (inside the processor's transaction), and raises alerts through
 * the context. It reads event time only: "now" is the largest {@code occurredAt} seen, so a replay
 * raises the same alerts at the same points.
 * <p>
 * The engine hands a rule its events a batch at a time ({@link #begin}): a rule that keeps its state
 * in memory for the batch reads its tables once for every key of the batch and writes them once when
 * the batch is flushed, instead of a round trip per event. A rule that does not override
 * {@link #begin} reads and writes its tables event by event in {@link #on}, as before.
 */
public interface FraudRule {

    /** {@code R01} … {@code R21}. */
    String id();

    /** The rule's name, Chinese and English, as in RULES.md. */
    String name();

    Severity severity();

    /** The event types (fact classes) this rule reads; the projection calls it for those only. */
    Set<Class<? extends LedgerFact>> reads();

    /** Current parameters, rendered for the rule catalogue. */
    Map<String, String> parameters();

    /** This rule's own tables, cleared when the view is rebuilt. */
    List<String> tables();

    /**
     * Starts a batch: {@code events} are the batch's events that this rule reads, in global order.
     * The default works event by event through {@link #on} and {@link #onNewDay}.
     */
    default RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc) {
        FraudRule rule = this;
        return new RuleBatch() {
            @Override
            public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
                rule.on(fact, event, context);
            }

            @Override
            public void onNewDay(LocalDate today, RuleContext context) {
                rule.onNewDay(today, context);
            }
        };
    }

    /**
     * Decides one event on its own: a batch of one. A rule that works event by event overrides this
     * (and {@link #onNewDay}); a rule that works by batches need not.
     */
    default void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        RuleBatch batch = begin(List.of(new FraudEvent(fact, event)), context.jdbc());
        batch.on(fact, event, context);
        batch.flush();
    }

    /**
     * Called once each time "now" moves to a later business day, before the event that moved it:
     * deadline rules raise what has become overdue. {@code today} is that day (Asia/Shanghai).
     */
    default void onNewDay(LocalDate today, RuleContext context) {
    }
}
