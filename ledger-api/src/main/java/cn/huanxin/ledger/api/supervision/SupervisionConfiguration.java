package cn.huanxin.ledger.api.supervision;

import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.supervision.SupervisionProjection;
import cn.huanxin.ledger.projections.supervision.TargetCatalog;
import cn.huanxin.ledger.projections.supervision.TraceDeadlines;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The supervision view, wired like every view: its projection built here from its settings, the
 * target catalogue and the chain deadlines. The deadlines are taken from the same parameters as
 * the deadline rules R12, R13 and R19, so that a trace is BROKEN exactly when those rules raise
 * their alerts.
 */
@Configuration(proxyBeanMethods = false)
public class SupervisionConfiguration {

    @Bean
    public SupervisionProjection supervisionProjection(JdbcTemplate jdbc, TargetCatalog targetCatalog,
                                                       TraceDeadlines traceDeadlines) {
        return new SupervisionProjection(jdbc, targetCatalog, traceDeadlines);
    }

    /** The indexes a rebuild of the view builds after its replay (docs/performance.md). */
    @Bean
    public DeferredIndexes supervisionDeferredIndexes() {
        return SupervisionProjection.deferredIndexes();
    }

    @Bean
    public TargetCatalog targetCatalog(TargetProperties properties) {
        return properties.catalog();
    }

    @Bean
    public TraceDeadlines traceDeadlines(RuleSettings rules) {
        return new TraceDeadlines(
                rules.integer("R12", "collection-days", TraceDeadlines.DEFAULTS.collectionDays()),
                rules.integer("R12", "dismantling-days", TraceDeadlines.DEFAULTS.dismantlingDays()),
                rules.integer("R13", "closure-days", TraceDeadlines.DEFAULTS.vehicleClosureDays()),
                rules.integer("R19", "payment-days", TraceDeadlines.DEFAULTS.paymentDays()));
    }
}
