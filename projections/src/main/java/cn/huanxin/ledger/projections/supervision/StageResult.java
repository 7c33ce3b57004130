package cn.huanxin.ledger.projections.supervision;

import java.util.List;

/**
 * A stage as the chains compute it: its status, its events, whether it breaks the chain and why.
 * {@code reason} is set exactly when {@code breaks} is.
 */
record StageResult(String name, StageStatus status, List<EventRow> events, boolean breaks, String reason) {

    StageResult {
        events = List.copyOf(events);
        if (breaks != (reason != null)) {
            throw new IllegalArgumentException("a stage that breaks the chain says why, and only then");
        }
    }

    static StageResult of(String name, StageStatus status, List<EventRow> events) {
        return new StageResult(name, status, events, false, null);
    }

    static StageResult broken(String name, StageStatus status, List<EventRow> events, String reason) {
        return new StageResult(name, status, events, true, reason);
    }

    StageResult renamed(String newName) {
        return new StageResult(newName, status, events, breaks, reason);
    }

    /** The entry of {@link TraceView#missing()}: the name, and the reason when the stage breaks the chain. */
    String missingEntry() {
        return breaks ? name + ": " + reason : name;
    }
}
