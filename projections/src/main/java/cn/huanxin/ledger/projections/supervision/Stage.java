package cn.huanxin.ledger.projections.supervision;

import java.util.List;

/**
 * One stage of a chain, with the events that make it (or, for {@code UNQUALIFIED}, the events that
 * tried to), in the order they occurred. At most {@value SupervisionProjection#MAX_STAGE_EVENTS}
 * events are listed; the first ones are kept.
 */
public record Stage(String stage, StageStatus status, List<TraceEvent> events) {

    public Stage {
        events = List.copyOf(events);
    }
}
