package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.api.cluster.ProjectionRebuilds;
import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.FraudProjection;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudRules;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RebuildLanes;
import cn.huanxin.ledger.projections.fraud.RuleLanes;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The live fraud view: every rule of {@link FraudRules}, built with the configured parameters, over
 * the configured policy and region tables, keeping the configured evidence bound. Alerts raised are
 * counted by rule and severity (bounded tags); every rule's counter exists from the start, at 0, so
 * that a rate over it is defined before its first alert and a dashboard lists every rule.
 */
@Configuration(proxyBeanMethods = false)
public class FraudConfiguration {

    @Bean
    public RuleSettings ruleSettings(RuleProperties properties) {
        return properties.settings();
    }

    /**
     * The lanes beyond the processor's on which a rebuild decides its batches on PostgreSQL
     * ({@code ledger.fraud.rebuild-threads} − 1 of them, each taking a connection of the pool for its
     * share of a batch); none on the embedded database.
     */
    @Bean(destroyMethod = "close")
    public RuleLanes fraudRebuildLanes(DataSource dataSource, FraudProperties fraud) {
        List<RuleLanes.Lane> lanes = new ArrayList<>();
        if (isPostgres(dataSource)) {
            for (int i = 1; i < fraud.rebuildThreads(); i++) {
                TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
                // a lane's thread holds no transaction of its own; a new one makes that explicit
                transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
                lanes.add(new RuleLanes.Lane(new JdbcTemplate(dataSource), transactions));
            }
        }
        return new RuleLanes(lanes);
    }

    /**
     * The live view. A batch that finds a rebuild interrupted part way through a batch publishes
     * {@link FraudRebuildInterrupted}, on which the view is rebuilt from the start.
     */
    @Bean
    public FraudView fraudView(JdbcTemplate jdbc, RuleSettings settings, PolicyProperties policy, RegionTable regions,
                               FraudProperties fraud, MeterRegistry meters, RuleLanes fraudRebuildLanes,
                               ApplicationEventPublisher events) {
        AlertListener counter = (ruleId, severity) -> alertsRaised(meters, ruleId, severity.name()).increment();
        List<FraudRule> rules = rules(settings);
        rules.forEach(rule -> alertsRaised(meters, rule.id(), rule.severity().name()));
        return new FraudView(jdbc, rules, policy.table(), regions, counter, FraudView.DEFAULT_MAX_BATCH,
                fraud.evidenceBound(), fraud.memoryBound(), fraud.readThreads(),
                new RebuildLanes(fraudRebuildLanes, () -> events.publishEvent(new FraudRebuildInterrupted())));
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the ledger runs on", e);
        }
    }

    /** Rebuilds the view from the start when a batch finds a rebuild interrupted part way through a batch. */
    @Bean
    InterruptedRebuilds interruptedRebuilds(ProjectionRebuilds rebuilds) {
        return new InterruptedRebuilds(rebuilds);
    }

    /** What a rebuild of the fraud view on PostgreSQL builds after its replay ({@link FraudView#deferredIndexes}). */
    @Bean
    public DeferredIndexes fraudDeferredIndexes(FraudView view) {
        return view.deferredIndexes();
    }

    @Bean
    public FraudProjection fraudProjection(FraudView view) {
        return new FraudProjection(view);
    }

    private static Counter alertsRaised(MeterRegistry meters, String ruleId, String severity) {
        return Counter.builder(LedgerMetrics.ALERTS_RAISED.name()).description(LedgerMetrics.ALERTS_RAISED.description())
                .tags(LedgerMetrics.ALERTS_RAISED.tags(ruleId, severity)).register(meters);
    }

    /** Every rule, built with the given settings, in rule-id order. */
    public static List<FraudRule> rules(RuleSettings settings) {
        return FraudRules.all(settings);
    }
}
