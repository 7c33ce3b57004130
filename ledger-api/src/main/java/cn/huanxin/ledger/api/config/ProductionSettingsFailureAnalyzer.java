package cn.huanxin.ledger.api.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link ProductionSettingsException} into Spring Boot's "APPLICATION FAILED TO START" report:
 * each missing setting on a line of its own, and what to do, instead of a stack trace.
 */
public class ProductionSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ProductionSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionSettingsException cause) {
        String description = "The postgres profile is the production set-up and refuses to start half-configured:\n"
                + " - " + String.join("\n - ", cause.problems());
        String action = "Set each setting named above (as a property, an environment variable such as "
                + "SPRING_DATASOURCE_URL, or in a configuration file outside the jar), then start again. "
                + "The settings of the production profile are listed in docs/operations.md, \"The production profile\".";
        return new FailureAnalysis(description, action, cause);
    }
}
