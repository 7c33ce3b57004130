package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.collected;
import static cn.huanxin.ledger.projections.fraud.rules.MerchantFacts.sale;
import static org.assertj.core.api.Assertions.assertThat;

class R23OldSoldAsNewTest {

    private final ChainFacts.Feed feed = feed();

    private static ChainFacts.Feed feed() {
        return new ChainFacts.Feed(new FraudTestSupport(new R23OldSoldAsNew(RuleSettings.DEFAULTS)));
    }

    /** The firing case, shared with the PostgreSQL run: a collected refrigerator's serial sold new. */
    static void aCollectedAppliancesSerialSoldNewRaisesOneAlert(ChainFacts.Feed feed) {
        String old = feed.at("2024-09-01T10:00:00",
                collected("R-1", ProductCategory.REFRIGERATOR, "HR-OLD-0001", "2024-09-01"));
        assertThat(feed.alerts("R23")).isEmpty();
        String sold = feed.at("2024-09-20T10:00:00", sale("S-1").serial("HR-OLD-0001").build());

        assertThat(feed.alerts("R23")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("serial", "REFRIGERATOR|HR-OLD-0001"));
            assertThat(alert.window()).isNull();
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.regionCode()).isEqualTo("320812");
            assertThat(alert.evidence()).containsExactly(sold, old);
        });
    }

    @Test
    void aCollectedAppliancesSerialSoldNewIsRaised() {
        aCollectedAppliancesSerialSoldNewRaisesOneAlert(feed);
    }

    @Test
    void aSerialSoldNewAndCollectedAfterwardsIsRaisedToo() {
        String sold = feed.at("2024-09-01T10:00:00", sale("S-1").serial("HR-0002").build());
        String old = feed.at("2024-09-03T10:00:00",
                collected("R-1", ProductCategory.REFRIGERATOR, "HR-0002", "2024-09-03"));

        assertThat(feed.alerts("R23")).extracting(a -> a.subject().ref(), AlertView::evidence)
                .containsExactly(Tuple.tuple("REFRIGERATOR|HR-0002", List.of(sold, old)));
    }

    @Test
    void aCollectedApplianceOfAnotherCategoryIsAnotherProduct() {
        feed.at("2024-09-01T10:00:00", collected("R-1", ProductCategory.TV, "X-1", "2024-09-01"));
        feed.at("2024-09-02T10:00:00", sale("S-1").serial("X-1").build());
        feed.at("2024-09-03T10:00:00", sale("S-2").serial("X-2").build());
        feed.at("2024-09-04T10:00:00", collected("R-2", ProductCategory.WASHING_MACHINE, "X-2", "2024-09-04"));
        feed.at("2024-09-05T10:00:00", collected("R-3", ProductCategory.REFRIGERATOR, "X-3", "2024-09-05"));

        assertThat(feed.alerts("R23")).isEmpty();
    }

    @Test
    void theOldItemOfAnotherGrantOfKindEquipmentMatchesAnyCategoryInEitherOrder() {
        String equipment = feed.at("2024-09-01T10:00:00", sale("S-1").model(ProductCategory.OTHER, "三一", "SY75C")
                .oldItem(OldItemKind.EQUIPMENT, "EQ-7781").build());
        String phone = feed.at("2024-09-02T10:00:00", sale("S-2").model(ProductCategory.PHONE, "华为", "Mate 60")
                .serial("EQ-7781").build());
        String tv = feed.at("2024-09-03T10:00:00", sale("S-3").model(ProductCategory.TV, "海信", "65E5N")
                .serial("EQ-9000").build());
        String laterEquipment = feed.at("2024-09-04T10:00:00", sale("S-4").oldItem(OldItemKind.EQUIPMENT, "EQ-9000")
                .build());

        assertThat(feed.alerts("R23")).extracting(a -> a.subject().ref(), AlertView::evidence).containsExactly(
                Tuple.tuple("PHONE|EQ-7781", List.of(phone, equipment)),
                Tuple.tuple("TV|EQ-9000", List.of(tv, laterEquipment)));
    }

    @Test
    void oldItemsOfOtherKindsAreNotCompared() {
        feed.at("2024-09-01T10:00:00", sale("S-1").oldItem(OldItemKind.APPLIANCE, "RET-1").build());
        feed.at("2024-09-01T11:00:00", sale("S-2").oldItem(OldItemKind.EBIKE, "RET-2").build());
        feed.at("2024-09-01T12:00:00", sale("S-3").oldItem(OldItemKind.VEHICLE, "LSVAM4187C2184847").build());
        feed.at("2024-09-02T10:00:00", sale("S-4").serial("RET-1").build());
        feed.at("2024-09-02T11:00:00", sale("S-5").model(ProductCategory.EBIKE, "雅迪", "冠能").serial("RET-2").build());
        feed.at("2024-09-02T12:00:00", sale("S-6").serial("LSVAM4187C2184847").build());

        assertThat(feed.alerts("R23")).isEmpty();
    }

    @Test
    void aGrantsOwnOldItemIsNotAnotherGrants() {
        feed.at("2024-09-01T10:00:00", sale("S-1").serial("EQ-1").oldItem(OldItemKind.EQUIPMENT, "EQ-1").build());
        assertThat(feed.alerts("R23")).isEmpty();

        String other = feed.at("2024-09-02T10:00:00", sale("S-2").oldItem(OldItemKind.EQUIPMENT, "EQ-1").build());
        assertThat(feed.alerts("R23")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).hasSize(2).endsWith(other));
    }

    @Test
    void aBlankSerialNumberIsNoSerialNumber() {
        feed.at("2024-09-01T10:00:00", collected("R-1", ProductCategory.REFRIGERATOR, " ", "2024-09-01"));
        feed.at("2024-09-02T10:00:00", sale("S-1").serial(" ").build());
        feed.at("2024-09-02T11:00:00", sale("S-2").serial(null).build());

        assertThat(feed.alerts("R23")).isEmpty();
    }

    @Test
    void furtherPairsOfTheSameSerialAddToTheOneAlert() {
        String first = feed.at("2024-09-01T10:00:00",
                collected("R-1", ProductCategory.REFRIGERATOR, "HR-5", "2024-09-01"));
        String sold = feed.at("2024-09-02T10:00:00", sale("S-1").serial("HR-5").build());
        String second = feed.at("2024-09-03T10:00:00",
                collected("R-2", ProductCategory.REFRIGERATOR, "HR-5", "2024-09-03"));

        assertThat(feed.alerts("R23")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).containsExactly(sold, first, second));
    }

    @Test
    void aReplayIntoAFreshViewRaisesTheSameAlertIds() {
        feed.at("2024-09-01T10:00:00", collected("R-1", ProductCategory.REFRIGERATOR, "HR-1", "2024-09-01"));
        feed.at("2024-09-02T10:00:00", sale("S-1").serial("HR-1").build());
        feed.at("2024-09-03T10:00:00", sale("S-2").serial("EQ-2").build());
        feed.at("2024-09-04T10:00:00", sale("S-3").oldItem(OldItemKind.EQUIPMENT, "EQ-2").build());
        FraudTestSupport fresh = new FraudTestSupport(new R23OldSoldAsNew(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R23")).hasSize(2);
        assertThat(fresh.alerts("R23")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R23").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
