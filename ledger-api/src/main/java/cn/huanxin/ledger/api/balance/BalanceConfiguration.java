package cn.huanxin.ledger.api.balance;

import cn.huanxin.ledger.projections.balance.BalanceProjection;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The balance view, wired like every view: the projections module declares no Spring components,
 * and each view is built here, in the package of the controller that serves it.
 */
@Configuration(proxyBeanMethods = false)
public class BalanceConfiguration {

    @Bean
    public BalanceProjection balanceProjection(JdbcTemplate jdbc) {
        return new BalanceProjection(jdbc);
    }

    /** The indexes a rebuild of the view builds after its replay (docs/performance.md). */
    @Bean
    public DeferredIndexes balanceDeferredIndexes() {
        return BalanceProjection.deferredIndexes();
    }
}
