package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_A;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_B;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.MERCHANT_C;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.collected;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.sale;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firing cases of R22, R23 and R24 on a real PostgreSQL, started once for the class, and a replay
 * of all three into a freshly reset view on it: the rules' migration and queries (array parameters,
 * date ranges, the histogram's upserts) must work on both databases and give the same alert ids.
 */
class MerchantRulesPostgresTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    private ChainFacts.Feed feed;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
        jdbc = ProjectionDatabases.migrated(postgres);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private static FraudTestSupport support() {
        RuleSettings settings = RuleSettings.DEFAULTS;
        return new FraudTestSupport(jdbc, new R22CampaignPriceMarkup(settings), new R23OldSoldAsNew(settings),
                new R24MerchantBurst(settings));
    }

    @BeforeEach
    void freshView() {
        FraudTestSupport support = support();
        // the database outlives the test: start from empty tables, as a rebuild would
        support.view().reset();
        feed = new ChainFacts.Feed(support);
    }

    @Test
    void r22CampaignPriceMarkup() {
        R22CampaignPriceMarkupTest.aMerchantLiftingAModelByAQuarterRaisesOneAlert(feed);
    }

    @Test
    void r23OldSoldAsNew() {
        R23OldSoldAsNewTest.aCollectedAppliancesSerialSoldNewRaisesOneAlert(feed);
    }

    @Test
    void r24MerchantBurst() {
        R24MerchantBurstTest.aDayOfSixtyAfterWeeksOfThreeRaisesOneAlert(feed);
    }

    @Test
    void aReplayAfterAResetRaisesTheSameAlertsWithTheSameEvidence() {
        for (int day = 1; day <= 3; day++) {
            feed.at("2024-08-0" + day + "T10:00:00", sale("S-A" + day).by(MERCHANT_A).price("3000.00").build());
            feed.at("2024-08-0" + day + "T11:00:00", sale("S-B" + day).by(MERCHANT_B).price("3000.00").build());
            feed.at("2024-08-0" + day + "T12:00:00", sale("S-C" + day).by(MERCHANT_C).price("3010.00").build());
        }
        feed.at("2024-09-01T10:00:00", sale("S-A4").by(MERCHANT_A).price("3800.00").build());
        feed.at("2024-09-02T10:00:00", collected("R-1", ProductCategory.REFRIGERATOR, "SN-S-B1", "2024-09-02"));
        feed.at("2024-09-03T10:00:00", sale("S-E").oldItem(OldItemKind.EQUIPMENT, "SN-S-C2").build());
        LocalDate day = LocalDate.parse("2024-09-10");
        for (int i = 0; i < 21; i++) {
            feed.at(day + "T" + String.format("%02d", 8 + i / 6) + ":" + (10 + i) + ":00",
                    sale("S-X" + i).by(MERCHANT_B).build());
        }
        List<Tuple> live = feed.alerts(null).stream()
                .map(a -> Tuple.tuple(a.alertId(), a.ruleId(), a.evidence())).toList();
        assertThat(live).extracting(t -> t.toList().get(1)).containsExactly("R22", "R23", "R23", "R24");

        FraudTestSupport again = support();
        again.view().reset();
        feed.replayInto(again);
        assertThat(again.alerts()).extracting(AlertView::alertId, AlertView::ruleId, AlertView::evidence)
                .containsExactlyElementsOf(live);
    }
}
