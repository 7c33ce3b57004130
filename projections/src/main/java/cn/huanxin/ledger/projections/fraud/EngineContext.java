package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every rule context of the engine shares: the connection the rule's statements go through, the
 * policy and region tables, and the evidence bound. Where "now" comes from and where alerts go, the
 * one-thread loop ({@link SerialDecision}) and the lanes ({@link LanedDecision}) each say.
 */
abstract class EngineContext implements RuleContext {

    private final JdbcTemplate jdbc;
    private final PolicyTable policy;
    private final RegionTable regions;
    private final int evidenceBound;

    EngineContext(JdbcTemplate jdbc, PolicyTable policy, RegionTable regions, int evidenceBound) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.regions = regions;
        this.evidenceBound = evidenceBound;
    }

    @Override
    public final JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public final PolicyTable policy() {
        return policy;
    }

    @Override
    public final RegionTable regions() {
        return regions;
    }

    @Override
    public final int evidenceBound() {
        return evidenceBound;
    }
}
