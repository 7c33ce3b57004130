package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fraud rule of {@code docs/fraud-rules.md}. A rule sees the events it reads, in the ledger's
 * global order, keeps its own state in its own tables (inside the processor's transaction), and
 * raises alerts through the context. It reads event time only: "now" is the largest
 * {@code occurredAt} seen, so a replay raises the same alerts at the same points.
 * <p>
 * What a rule is — id, name, severity, the events it reads, its tables and its parameters in force —
 * is its {@link #descriptor()}, built once with the rule; the accessors below are shorthand for it,
 * so that callers write {@code rule.id()} rather than {@code rule.descriptor().id()}.
 * <p>
 * The engine hands a rule its events a batch at a time ({@link #begin}): a rule that keeps its state
 * in memory for the batch reads its tables once for every key of the batch and writes them once when
 * the batch is flushed, instead of a round trip per event. A rule that does not override
 * {@link #begin} reads and writes its tables event by event in {@link #on}, as before.
 */
public interface FraudRule {

    /** What the rule is, reads and keeps, and its parameters in force; the same for the rule's life. */
    RuleDescriptor descriptor();

    /** {@code R01} … {@code R24}. */
    default String id() {
        return descriptor().id();
    }

    /** The rule's name, Chinese then English ({@code docs/fraud-rules.md} lists the rules by the English). */
    default String name() {
        return descriptor().name();
    }

    default Severity severity() {
        return descriptor().severity();
    }

    /** The event types (fact classes) this rule reads; the projection calls it for those only. */
    default Set<Class<? extends LedgerFact>> reads() {
        return descriptor().reads();
    }

    /** Current parameters, rendered for the rule catalogue, in the order it shows them. */
    default Map<String, String> parameters() {
        return descriptor().parameters();
    }

    /** This rule's own tables, cleared when the view is rebuilt. */
    default List<String> tables() {
        return descriptor().tables();
    }

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
     * Starts a batch, knowing N, the evidence events an alert keeps from its start and from its end
     * ({@link RuleContext#evidenceBound()}): the engine starts every batch this way. A rule whose
     * state for a batch depends on N (R16 reads only the first and latest N invoices of a month)
     * overrides this; the default is {@link #begin(List, JdbcTemplate)}.
     */
    default RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound) {
        return begin(events, jdbc);
    }

    /**
     * Starts a batch with the rule's {@link RuleMemory}, what it kept from the view's earlier batches
     * (empty the first time and whenever the view could not vouch for it): the engine starts every
     * batch this way. A rule whose tables are read over a range that grows with the history (R22's
     * prices, R24's merchant days) keeps them there; the default ignores the memory and is
     * {@link #begin(List, JdbcTemplate, int)}.
     */
    default RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        return begin(events, jdbc, evidenceBound);
    }

    /**
     * Decides one event on its own: a batch of one, with a memory of its own. A rule that works event by
     * event overrides this (and {@link #onNewDay}); a rule that works by batches need not, and need
     * override only the {@code begin} it uses.
     */
    default void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        RuleBatch batch = begin(List.of(new FraudEvent(fact, event)), context.jdbc(), context.evidenceBound(),
                RuleMemory.forOneBatch());
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
