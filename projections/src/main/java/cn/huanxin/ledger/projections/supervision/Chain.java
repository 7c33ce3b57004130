package cn.huanxin.ledger.projections.supervision;

import java.util.List;
import java.util.Set;

/** A computed chain: its subject, its stages in order, what is related, and its own events. */
record Chain(Subject subject, List<StageResult> stages, Set<Related> related, List<EventRow> ownEvents) {

    Chain {
        stages = List.copyOf(stages);
    }

    Completeness completeness() {
        if (stages.stream().anyMatch(StageResult::breaks)) {
            return Completeness.BROKEN;
        }
        return stages.stream().allMatch(stage -> stage.status().satisfied()) ? Completeness.COMPLETE
                : Completeness.IN_PROGRESS;
    }

    List<String> missing() {
        return stages.stream().filter(stage -> !stage.status().satisfied()).map(StageResult::missingEntry).toList();
    }
}
