package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.Money;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rule parameters from configuration ({@code ledger.rules.R08.window-days: 7}), by rule id and
 * parameter name, with the defaults of docs/fraud-rules.md supplied by each rule. An investigation runs the
 * rules with other settings; the live view uses the configured ones.
 */
public record RuleSettings(Map<String, Map<String, String>> byRule) {

    public static final RuleSettings DEFAULTS = new RuleSettings(Map.of());

    public RuleSettings {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        byRule.forEach((rule, parameters) -> copy.put(rule, Map.copyOf(parameters)));
        byRule = Map.copyOf(copy);
    }

    public String text(String ruleId, String name, String defaultValue) {
        return byRule.getOrDefault(ruleId, Map.of()).getOrDefault(name, defaultValue);
    }

    public int integer(String ruleId, String name, int defaultValue) {
        String value = text(ruleId, name, null);
        try {
            return value == null ? defaultValue : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ruleId + "." + name + " must be an integer");
        }
    }

    public Money money(String ruleId, String name, Money defaultValue) {
        String value = text(ruleId, name, null);
        return value == null ? defaultValue : Money.parse(value.strip());
    }

    public BigDecimal decimal(String ruleId, String name, BigDecimal defaultValue) {
        String value = text(ruleId, name, null);
        try {
            return value == null ? defaultValue : new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ruleId + "." + name + " must be a decimal");
        }
    }

    /** A copy with some parameters replaced, for an investigation. */
    public RuleSettings with(Map<String, Map<String, String>> overrides) {
        Map<String, Map<String, String>> merged = new LinkedHashMap<>();
        byRule.forEach((rule, parameters) -> merged.put(rule, new LinkedHashMap<>(parameters)));
        overrides.forEach((rule, parameters) -> merged.computeIfAbsent(rule, r -> new LinkedHashMap<>()).putAll(parameters));
        return new RuleSettings(merged);
    }
}
