package cn.huanxin.ledger.api;

import cn.huanxin.ledger.api.cluster.ClusterProperties;
import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.fraud.FraudProperties;
import cn.huanxin.ledger.api.ingest.ViewBackpressureProperties;
import cn.huanxin.ledger.api.integrity.SealProperties;
import cn.huanxin.ledger.api.investigation.InvestigationProperties;
import cn.huanxin.ledger.api.security.LoginThrottleProperties;
import cn.huanxin.ledger.projections.fraud.FraudView;
import jakarta.validation.Valid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.validation.annotation.Validated;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds declared on the ledger's settings are enforced: a value out of range stops the
 * application at start, with a message that names the property, instead of surfacing later as odd
 * behaviour. Every settings record that declares a bound is {@link Validated}; without it Spring
 * binds the value and never looks at the bound.
 */
class ConfigurationPropertiesValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({LedgerProperties.class, SealProperties.class, InvestigationProperties.class,
            ViewBackpressureProperties.class, LoginThrottleProperties.class, FraudProperties.class,
            ClusterProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void theDefaultsAreWithinTheirBounds() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LedgerProperties.class).ingest().chunkEvents()).isEqualTo(500);
            assertThat(context.getBean(SealProperties.class).checkpointEveryEvents()).isEqualTo(1000);
            assertThat(context.getBean(FraudProperties.class).evidenceBound())
                    .isEqualTo(FraudView.DEFAULT_EVIDENCE_BOUND).isEqualTo(100);
            assertThat(context.getBean(ClusterProperties.class).claimTimeout()).hasSeconds(10);
        });
    }

    /**
     * The settings of a nested record ({@code ledger.ingest.*} inside {@link LedgerProperties}) are
     * validated through their parent, which cascades to them with {@code @Valid}; Spring then names
     * the property by its path of Java names ({@code ledger.ingest.chunkEvents}), a spelling that
     * relaxed binding accepts as the same property.
     */
    @ParameterizedTest
    @CsvSource({
            "ledger.ingest.chunk-events=0, ledger.ingest.chunkEvents",
            "ledger.ingest.max-batch-events=1001, ledger.ingest.maxBatchEvents",
            "ledger.seal.checkpoint-every-events=0, ledger.seal.checkpoint-every-events",
            "ledger.seal.checkpoint-interval=500ms, ledger.seal.checkpoint-interval",
            "ledger.seal.max-evidence-events=0, ledger.seal.max-evidence-events",
            "ledger.investigations.concurrency=17, ledger.investigations.concurrency",
            "ledger.fraud.evidence-bound=0, ledger.fraud.evidence-bound",
            "ledger.ingest.backpressure.max-view-lag=-1, ledger.ingest.backpressure.max-view-lag",
            "ledger.security.login-throttle.max-tracked=99, ledger.security.login-throttle.max-tracked",
            "ledger.cluster.claim-timeout=5s, ledger.cluster.claim-timeout",
            "ledger.cluster.heartbeat=4s, ledger.cluster.heartbeat",
            "ledger.cluster.handover-timeout=10s, ledger.cluster.handover-timeout"})
    void aValueOutOfRangeStopsTheStartNamingTheProperty(String setting, String property) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(property);
        });
    }

    /** Every settings record of the ledger that declares a bound, on itself or a nested record, is validated. */
    @Test
    void everySettingsRecordWithBoundsIsValidated() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> bounded = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("cn.huanxin.ledger")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), getClass().getClassLoader());
            if (declaresBounds(type)) {
                bounded.add(type);
                assertThat(type.isAnnotationPresent(Validated.class)).as("@Validated on %s", type.getName()).isTrue();
            }
        }
        assertThat(bounded).contains(LedgerProperties.class, SealProperties.class, InvestigationProperties.class,
                ViewBackpressureProperties.class, LoginThrottleProperties.class, FraudProperties.class);
    }

    private static boolean declaresBounds(Class<?> type) {
        if (!type.isRecord()) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            // Constraint annotations do not target record components; they land on the accessor.
            for (Annotation annotation : component.getAccessor().getAnnotations()) {
                if (isBound(annotation) || annotation instanceof Valid && declaresBounds(component.getType())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isBound(Annotation annotation) {
        String name = annotation.annotationType().getPackageName();
        return name.startsWith("jakarta.validation.constraints") || name.startsWith("org.hibernate.validator.constraints");
    }

    /** The messages of a failure and all its causes, as an operator reads them in the log. */
    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
