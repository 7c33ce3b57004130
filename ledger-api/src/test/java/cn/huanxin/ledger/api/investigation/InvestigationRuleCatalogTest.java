package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.fraud.FraudProperties;
import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rules and parameters an investigation may override, and how overrides reach the rules. */
class InvestigationRuleCatalogTest {

    private final RuleCatalog catalog = new RuleCatalog(new RuleSettings(Map.of("R08", Map.of("window-days", "9"))),
            new FraudProperties(100, RuleMemory.DEFAULT_BOUND, 2, 2));

    @Test
    void knowsEveryRuleAndOnlyTheParametersEachReads() {
        assertThat(catalog.ruleIds()).hasSize(24).startsWith("R01").endsWith("R24");
        assertThat(catalog.parameters("R22")).containsExactly("merchant-markup", "market-markup", "lookback-days",
                "min-grants", "min-merchants");
        assertThat(catalog.parameters("R23")).isEmpty();
        assertThat(catalog.parameters("R24")).containsExactly("min-grants", "multiple");
        assertThat(catalog.parameters("R08")).containsExactlyInAnyOrder("max-subsidies", "window-days");
        assertThat(catalog.parameters("R02")).containsExactly("tolerance");
        assertThat(catalog.parameters("R01")).containsExactly("default-limit");
        assertThat(catalog.parameters("R17")).isEmpty();
    }

    @Test
    void overridesMergeOntoTheLiveSettings() {
        FraudRule r08 = catalog.rules(Map.of("R08", Map.of("max-subsidies", "2"))).stream()
                .filter(rule -> rule.id().equals("R08")).findFirst().orElseThrow();
        assertThat(r08.parameters()).containsEntry("max-subsidies", "2").containsEntry("window-days", "9");
        List<FraudRule> merchantRules = catalog.rules(Map.of("R22", Map.of("market-markup", "0.3", "lookback-days", "60"),
                "R24", Map.of("min-grants", "40", "multiple", "3.5")));
        assertThat(merchantRules.get(21).parameters()).containsEntry("market-markup", "0.3")
                .containsEntry("lookback-days", "60").containsEntry("merchant-markup", "0.10");
        assertThat(merchantRules.get(23).parameters()).containsEntry("min-grants", "40").containsEntry("multiple", "3.5");
        assertThat(catalog.check(Map.of("R22", Map.of("min-merchants", "0"), "R24", Map.of("multiple", "-1"))))
                .extracting(FieldError::field).containsExactlyInAnyOrder("rules.R22.min-merchants", "rules.R24.multiple");
    }

    @Test
    void refusalsNameTheFieldAndTheReason() {
        List<FieldError> errors = catalog.check(Map.of("R08", Map.of("window-days", "0"),
                "R99", Map.of(), "R17", Map.of("cap", "1")));
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("rules.R08.window-days", "rules.R99", "rules.R17.cap");
        assertThat(errors).filteredOn(e -> e.field().equals("rules.R08.window-days")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("at least 1"));
        assertThat(catalog.check(Map.of("R16", Map.of("vat-rate", "0.03")))).isEmpty();
    }
}
