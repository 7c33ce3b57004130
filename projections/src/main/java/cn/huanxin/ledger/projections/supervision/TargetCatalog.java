package cn.huanxin.ledger.projections.supervision;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The plan's targets, as configured ({@code ledger.targets} in {@code config/targets.yml}). A
 * (year, task, measure) appears once; rows keep their configured order, which is the order of the
 * answer.
 */
public record TargetCatalog(List<TargetDefinition> targets) {

    /** A catalogue is a plan's list, not data: a few hundred rows at most. */
    static final int MAX_TARGETS = 2000;

    public static final TargetCatalog EMPTY = new TargetCatalog(List.of());

    public TargetCatalog {
        targets = targets == null ? List.of() : List.copyOf(targets);
        if (targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("at most " + MAX_TARGETS + " targets");
        }
        Set<String> seen = new HashSet<>();
        for (TargetDefinition target : targets) {
            if (!seen.add(target.year() + "/" + target.taskNo() + "/" + target.measure())) {
                throw new IllegalArgumentException("target " + target.year() + " task " + target.taskNo() + " "
                        + target.measure() + " is listed twice");
            }
        }
    }

    public List<TargetDefinition> forYear(int year) {
        return targets.stream().filter(target -> target.year() == year).toList();
    }
}
