package cn.huanxin.ledger.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * The generated sequence, in posting order: the setup events (funds, enterprises, qualifications)
 * that everything else depends on, then independent cases. A case only depends on setup streams and
 * on streams it creates itself, so different cases may be posted concurrently once the setup has
 * been acknowledged.
 *
 * @param setup   the setup events, to be posted first and sequentially
 * @param cases   the cases; the events of one case must be posted in order
 * @param planted the alerts the planted cases must raise, empty when none were planted
 */
public record EventPlan(List<GeneratedEvent> setup, List<List<GeneratedEvent>> cases, List<Planted> planted) {

    /** An alert a planted case must raise: the rule, the subject and the window ({@code null} for none). */
    public record Planted(String ruleId, String subjectKind, String subjectRef, String window) {
    }

    public EventPlan {
        setup = List.copyOf(setup);
        cases = cases.stream().map(List::copyOf).toList();
        planted = List.copyOf(planted);
    }

    /** A plan without planted cases. */
    public EventPlan(List<GeneratedEvent> setup, List<List<GeneratedEvent>> cases) {
        this(setup, cases, List.of());
    }

    /** The whole sequence in posting order. */
    public List<GeneratedEvent> all() {
        List<GeneratedEvent> all = new ArrayList<>(size());
        all.addAll(setup);
        cases.forEach(all::addAll);
        return all;
    }

    /** The number of events. */
    public int size() {
        return setup.size() + cases.stream().mapToInt(List::size).sum();
    }
}
