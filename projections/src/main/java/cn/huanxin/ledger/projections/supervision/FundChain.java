package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.StreamKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static cn.huanxin.ledger.projections.supervision.StageJudge.presentOrPending;
import static cn.huanxin.ledger.projections.supervision.TraceReads.all;

/**
 * The chain of a fund, following the money: OPENED → APPROPRIATED → ALLOCATED → GRANTED → PAID, and
 * RECLAIMED when money was taken back. The grants and payments are those of subsidies drawn on it.
 */
final class FundChain {

    private final TraceReads reads;

    FundChain(TraceReads reads) {
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    Optional<Chain> chain(String fundId) {
        List<EventRow> own = reads.stream(StreamKind.FUND, fundId);
        List<EventRow> grants = all(reads.linked(LinkKind.FUND, fundId), EventRow.SUBSIDY_GRANTED);
        if (own.isEmpty() && grants.isEmpty()) {
            return Optional.empty();
        }
        Set<Related> related = new LinkedHashSet<>();
        List<StageResult> stages = new ArrayList<>();
        stages.add(presentOrPending("OPENED", all(own, EventRow.FUND_OPENED)));
        stages.add(presentOrPending("APPROPRIATED", all(own, EventRow.FUND_APPROPRIATED)));
        List<EventRow> allocations = all(own, EventRow.FUND_ALLOCATED);
        stages.add(presentOrPending("ALLOCATED", allocations));
        stages.add(presentOrPending("GRANTED", grants));
        stages.add(presentOrPending("PAID", reads.paymentsFromFund(fundId, SupervisionProjection.MAX_STAGE_EVENTS)));
        List<EventRow> reclaims = all(own, EventRow.FUND_RECLAIMED);
        if (!reclaims.isEmpty()) {
            stages.add(StageResult.of("RECLAIMED", StageStatus.INFO, reclaims));
        }
        allocations.forEach(row -> related.add(new Related("region", row.regionCode(), "allocated-to")));
        return Optional.of(new Chain(new Subject(TraceKind.FUND.word(), fundId), stages, related, own));
    }
}
