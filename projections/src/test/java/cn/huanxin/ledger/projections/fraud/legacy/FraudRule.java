package cn.huanxin.ledger.projections.fraud.legacy;

import cn.huanxin.ledger.projections.fraud.*;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fraud rule of docs/fraud-rules.md. A rule sees the events it reads, in the ledger's global order, keeps
 * its own state in its own tables (through the context's JDBC template, inside the processor's
 * transaction), and raises alerts through the context. It reads event time only: "now" is the
 * largest {@code occurredAt} seen, so a replay raises the same alerts at the same points.
 */
public interface FraudRule {

    /** {@code R01} … {@code R21}. */
    String id();

    /** The rule's name, Chinese and English, as in docs/fraud-rules.md. */
    String name();

    Severity severity();

    /** The event types (fact classes) this rule reads; the projection calls it for those only. */
    Set<Class<? extends LedgerFact>> reads();

    /** Current parameters, rendered for the rule catalogue. */
    Map<String, String> parameters();

    /** This rule's own tables, cleared when the view is rebuilt. */
    List<String> tables();

    void on(LedgerFact fact, RecordedEvent event, RuleContext context);

    /**
     * Called once each time "now" moves to a later business day, before the event that moved it:
     * deadline rules raise what has become overdue. {@code today} is that day (Asia/Shanghai).
     */
    default void onNewDay(LocalDate today, RuleContext context) {
    }
}
