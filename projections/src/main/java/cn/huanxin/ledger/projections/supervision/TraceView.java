package cn.huanxin.ledger.projections.supervision;

import java.util.List;

/**
 * The answer of {@code GET /trace/{kind}/{ref}}: the stages of the subject's chain in order, the
 * completeness, the stages not present ({@code "STAGE"}, or {@code "STAGE: reason"} for those that
 * break the chain) and what else is connected to the subject.
 */
public record TraceView(Subject subject, List<Stage> stages, Completeness completeness, List<String> missing,
                        List<Related> related) {

    public TraceView {
        stages = List.copyOf(stages);
        missing = List.copyOf(missing);
        related = List.copyOf(related);
    }
}
