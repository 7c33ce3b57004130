package cn.huanxin.ledger.projections.fraud;

import java.util.Map;

/** One rule of the catalogue with its current parameters. */
public record RuleView(String ruleId, String name, Severity severity, Map<String, String> parameters) {
}
