package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.projections.fraud.policy.PolicyPeriod;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * The effective-dated policy table ({@code ledger.policy.periods}, defaults in
 * {@code config/policy.yml} with the source of every figure).
 */
@ConfigurationProperties("ledger.policy")
public record PolicyProperties(@DefaultValue List<PolicyPeriod> periods) {

    public PolicyTable table() {
        return new PolicyTable(periods);
    }
}
