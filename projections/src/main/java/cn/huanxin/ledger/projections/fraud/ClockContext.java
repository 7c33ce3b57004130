package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a rule sees while one event of a batch decided on one thread is handled: the view's clock as it
 * moves with the batch, and the batch's alerts, to which it adds.
 */
final class ClockContext extends EngineContext {

    private final EventTimeClock clock;
    private final AlertStore.Batch raised;

    ClockContext(JdbcTemplate jdbc, PolicyTable policy, RegionTable regions, int evidenceBound, EventTimeClock clock,
                 AlertStore.Batch raised) {
        super(jdbc, policy, regions, evidenceBound);
        this.clock = clock;
        this.raised = raised;
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public LocalDate today() {
        return clock.today();
    }

    @Override
    public void raise(AlertDraft draft) {
        raised.raise(draft, clock.nowMicros());
    }
}
