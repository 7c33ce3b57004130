package cn.huanxin.ledger.projections.fraud;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry against the rules package: production code lists the rules by hand, so this test is
 * what notices a rule class that was written and never listed (and so never run).
 */
class FraudRulesTest {

    private static final List<FraudRule> RULES = FraudRules.all(RuleSettings.DEFAULTS);

    @Test
    void listsEveryRuleClassOfTheRulesPackage() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(FraudRule.class));
        // Only the main classes count: a rule written for a test in this package is not the ledger's.
        URL main = FraudRules.class.getProtectionDomain().getCodeSource().getLocation();
        List<String> found = scanner.findCandidateComponents(FraudRules.class.getPackageName() + ".rules").stream()
                .map(BeanDefinition::getBeanClassName)
                .filter(name -> ClassUtils.resolveClassName(name, FraudRulesTest.class.getClassLoader())
                        .getProtectionDomain().getCodeSource().getLocation().equals(main))
                .toList();

        assertThat(found).hasSize(24);
        assertThat(RULES).extracting(rule -> rule.getClass().getName()).containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void buildsR01ToR24InRuleIdOrderEachOnce() {
        List<String> expected = IntStream.rangeClosed(1, 24).mapToObj(n -> String.format("R%02d", n)).toList();

        assertThat(RULES).extracting(FraudRule::id).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
        assertThat(RULES).allSatisfy(rule -> assertThat(rule.getClass().getSimpleName()).startsWith(rule.id()));
    }

    /**
     * The catalogue of {@code GET /api/v1/rules} with the default settings, parameters in the order
     * shown (the rendering of a CSV cell).
     */
    @Test
    void describesEachRuleAsTheCatalogueShowsIt() {
        assertThat(RULES).extracting(rule -> rule.id() + " " + rule.severity() + " " + rule.name() + " "
                + rule.parameters()).containsExactly(
                "R01 HIGH 一人一类限购 per-person category limit "
                        + "{default-limit=1, limits=policy table: per-person-limit, per-person-limit-by-category}",
                "R02 HIGH 补贴标准核算 rate and cap {tolerance=0.01, policy=policy table (ledger.policy.periods)}",
                "R03 HIGH 一机多卖 serial number reuse {}",
                "R04 HIGH 主体一致 identity match {}",
                "R05 HIGH 车辆补贴唯一 vehicle uniqueness {}",
                "R06 MEDIUM 报废车资格 scrap eligibility "
                        + "{policy=policy table (ledger.policy.periods): registered-on-or-before, owned-before}",
                "R07 MEDIUM 时窗 policy window {policy=policy table (ledger.policy.periods): valid-from, valid-to}",
                "R08 MEDIUM 同址囤货 address hoarding {max-subsidies=5, window-days=7}",
                "R09 HIGH 冒用身份 shared payee account {max-beneficiaries=3, window-days=30}",
                "R10 HIGH 重复发票 invoice reuse {}",
                "R11 MEDIUM 区域外申领 out of region {}",
                "R12 MEDIUM 交旧无去向 orphan old item {collection-days=7, dismantling-days=30}",
                "R13 HIGH 报废拆解闭环 ELV closure {closure-days=30}",
                "R14 HIGH 反向开票资格 reverse-invoice issuer "
                        + "{qualifications=HAZARDOUS_WASTE,RECYCLING_FILING,VEHICLE_RECYCLING}",
                "R15 HIGH 反向开票限额 reverse-invoice cap {cap=5000000.00, months=12}",
                "R16 MEDIUM 反向开票税额 reverse-invoice tax "
                        + "{exempt-monthly-sales=100000.00, vat-rate=0.01, income-tax-rate=0.005, tolerance=0.01}",
                "R17 HIGH 额度超支 quota overdraw {}",
                "R18 HIGH 超额兑付 over-payment {}",
                "R19 LOW 兑付时效 payment deadline {payment-days=30}",
                "R20 LOW 数据补传 late upload {late-hours=24, burst-limit=500}",
                "R21 HIGH 车型不符 ineligible vehicle class {eligible-classes=SMALL_PASSENGER,MICRO_PASSENGER}",
                "R22 MEDIUM 活动期间提价 campaign price markup "
                        + "{merchant-markup=0.10, market-markup=0.20, lookback-days=90, min-grants=3, min-merchants=2}",
                "R23 HIGH 以旧充新 old sold as new {}",
                "R24 MEDIUM 商户突增 merchant burst {min-grants=20, multiple=5}");
    }

    @Test
    void aRefusalNamesTheRuleThatRefused() {
        assertThatThrownBy(() -> FraudRules.all(new RuleSettings(Map.of("R08", Map.of("window-days", "0")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rule R08AddressHoarding refused its settings: R08.window-days must be at least 1")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }
}
