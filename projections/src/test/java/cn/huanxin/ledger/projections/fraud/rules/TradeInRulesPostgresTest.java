package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;

/**
 * The firing case of each of R01, R02, R03, R05, R06, R07 and R21 on PostgreSQL, one database
 * started for the class: the rules' migrations and queries must work on both databases.
 */
class TradeInRulesPostgresTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
        jdbc = ProjectionDatabases.migrated(postgres);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void clearEveryRuleTable() {
        support(new R01PerPersonCategoryLimit(RuleSettings.DEFAULTS), new R02RateAndCap(RuleSettings.DEFAULTS),
                new R03SerialNumberReuse(RuleSettings.DEFAULTS), new R05VehicleSubsidyUniqueness(RuleSettings.DEFAULTS),
                new R06ScrapEligibility(RuleSettings.DEFAULTS), new R07PolicyWindow(RuleSettings.DEFAULTS),
                new R21IneligibleVehicleClass(RuleSettings.DEFAULTS)).view().reset();
    }

    private static FraudTestSupport support(FraudRule... rules) {
        return new FraudTestSupport(jdbc, rules);
    }

    @Test
    void r01PerPersonCategoryLimit() {
        R01PerPersonCategoryLimitTest.twoRefrigeratorsInOneYearRaiseOneAlert(
                support(new R01PerPersonCategoryLimit(RuleSettings.DEFAULTS)));
    }

    @Test
    void r02RateAndCap() {
        R02RateAndCapTest.gradeTwoPaidAtTheGradeOneRateIsABreach(support(new R02RateAndCap(RuleSettings.DEFAULTS)));
    }

    @Test
    void r03SerialNumberReuse() {
        R03SerialNumberReuseTest.oneSerialNumberBehindTwoSubsidiesRaisesOneAlert(
                support(new R03SerialNumberReuse(RuleSettings.DEFAULTS)));
    }

    @Test
    void r05VehicleSubsidyUniqueness() {
        R05VehicleSubsidyUniquenessTest.oneOldVinBehindTwoSubsidiesRaisesOneAlert(
                support(new R05VehicleSubsidyUniqueness(RuleSettings.DEFAULTS)));
    }

    @Test
    void r06ScrapEligibility() {
        R06ScrapEligibilityTest.aCarRegisteredAfterTheThresholdRaisesAnAlertOnTheSubsidy(
                support(new R06ScrapEligibility(RuleSettings.DEFAULTS)));
    }

    @Test
    void r07PolicyWindow() {
        R07PolicyWindowTest.aGrantBeforeThePeriodRaisesAnAlertOnTheSubsidy(
                support(new R07PolicyWindow(RuleSettings.DEFAULTS)));
    }

    @Test
    void r21IneligibleVehicleClass() {
        R21IneligibleVehicleClassTest.aTruckBehindAScrapSubsidyRaisesAnAlertOnTheSubsidy(
                support(new R21IneligibleVehicleClass(RuleSettings.DEFAULTS)));
    }
}
