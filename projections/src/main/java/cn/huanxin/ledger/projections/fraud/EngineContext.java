package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a rule sees while the engine hands it one event of a batch, or a new day: the connection its
 * statements go through, the policy and region tables, the evidence bound, the event-time clock as it
 * stood at that event ({@link #at}), and where its alerts go ({@link AlertSink}).
 * <p>
 * One class for both ways of deciding, the one-thread loop ({@link SerialDecision}: the live view, a
 * rebuild on one connection) and the lanes ({@link LanedDecision}: investigations, a rebuild on two):
 * the rules call it through {@link RuleContext}, and the JIT compiles those calls for the classes it
 * has seen. With a class for each way, the live view's rules were compiled for the one-thread class
 * alone, as its only kind; loading the lanes' class in a ledger's first investigation invalidated the
 * compiled code of every rule and of the loop at once (HotSpot's compilation log: a failed dependency
 * {@code abstract_with_unique_concrete_subtype} of this class), and the investigation ran the rules in
 * the interpreter until they were compiled again. Alerts are rare; only the call to the sink differs.
 */
final class EngineContext implements RuleContext {

    private final JdbcTemplate jdbc;
    private final PolicyTable policy;
    private final RegionTable regions;
    private final int evidenceBound;
    private final AlertSink alerts;
    private long nowMicros;
    private LocalDate today;

    EngineContext(JdbcTemplate jdbc, PolicyTable policy, RegionTable regions, int evidenceBound, AlertSink alerts) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.regions = regions;
        this.evidenceBound = evidenceBound;
        this.alerts = alerts;
    }

    /** The clock as it stands at the event the rule is handed next: "now" in microseconds, and its day. */
    void at(long nowMicros, LocalDate today) {
        this.nowMicros = nowMicros;
        this.today = today;
    }

    @Override
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public PolicyTable policy() {
        return policy;
    }

    @Override
    public RegionTable regions() {
        return regions;
    }

    @Override
    public int evidenceBound() {
        return evidenceBound;
    }

    @Override
    public Instant now() {
        return Bitemporal.fromMicros(nowMicros);
    }

    @Override
    public LocalDate today() {
        return today;
    }

    @Override
    public void raise(AlertDraft draft) {
        alerts.raise(draft, nowMicros);
    }
}
