package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertListener;
import cn.huanxin.ledger.projections.fraud.FraudProjection;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

import java.lang.reflect.InvocationTargetException;
import java.util.Comparator;
import java.util.List;

/**
 * The live fraud view: every rule class of the rules package, built with the configured
 * parameters, over the configured policy and region tables. Alerts raised are counted by rule and
 * severity (bounded tags).
 */
@Configuration(proxyBeanMethods = false)
public class FraudConfiguration {

    static final String RULES_PACKAGE = "cn.huanxin.ledger.projections.fraud.rules";

    @Bean
    public RuleSettings ruleSettings(RuleProperties properties) {
        return properties.settings();
    }

    @Bean
    public FraudView fraudView(JdbcTemplate jdbc, RuleSettings settings, PolicyProperties policy, RegionTable regions,
                               MeterRegistry meters) {
        AlertListener counter = (ruleId, severity) -> Counter.builder(LedgerMetrics.ALERTS_RAISED.name())
                .description(LedgerMetrics.ALERTS_RAISED.description())
                .tags(LedgerMetrics.ALERTS_RAISED.tags(ruleId, severity.name())).register(meters).increment();
        return new FraudView(jdbc, rules(settings), policy.table(), regions, counter);
    }

    @Bean
    public FraudProjection fraudProjection(FraudView view) {
        return new FraudProjection(view);
    }

    /** Every rule class, built with the given settings, in rule-id order. */
    public static List<FraudRule> rules(RuleSettings settings) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(FraudRule.class));
        return scanner.findCandidateComponents(RULES_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .map(name -> ClassUtils.resolveClassName(name, FraudConfiguration.class.getClassLoader()))
                .map(type -> instantiate(type, settings))
                .sorted(Comparator.comparing(FraudRule::id))
                .toList();
    }

    private static FraudRule instantiate(Class<?> type, RuleSettings settings) {
        try {
            return (FraudRule) type.getConstructor(RuleSettings.class).newInstance(settings);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("rule " + type.getSimpleName() + " refused its settings: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rule " + type.getSimpleName()
                    + " needs a public constructor taking RuleSettings", e);
        }
    }
}
