package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.projections.fraud.RuleSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fraud rule parameters ({@code ledger.rules.R08.window-days: 7}); a rule not mentioned runs with the
 * defaults of docs/fraud-rules.md.
 */
@ConfigurationProperties("ledger")
public record RuleProperties(Map<String, Map<String, String>> rules) {

    public RuleSettings settings() {
        return new RuleSettings(rules == null ? Map.of() : new LinkedHashMap<>(rules));
    }
}
