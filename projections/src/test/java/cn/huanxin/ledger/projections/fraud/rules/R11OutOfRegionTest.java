package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.grant;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.scrapped;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.vin;
import static org.assertj.core.api.Assertions.assertThat;

class R11OutOfRegionTest {

    private final ChainFacts.Feed feed = new ChainFacts.Feed(new FraudTestSupport(new R11OutOfRegion(RuleSettings.DEFAULTS)));

    @Test
    void raisesWhenTheGoodsAreDeliveredOutsideTheRegions() {
        String grant = feed.at("2024-09-01T10:00:00", grant("S-1").deliveredTo(ref(1), "321302").build());

        assertThat(feed.alerts("R11")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
            assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(alert.window()).isNull();
            assertThat(alert.regionCode()).isEqualTo("320812");
            assertThat(alert.evidence()).containsExactly(grant);
        });
    }

    @Test
    void raisesWhenTheOldVehicleWasRegisteredOutsideTheRegionsInEitherOrder() {
        String grant1 = feed.at("2024-09-01T10:00:00", grant("S-1").programme(Programme.VEHICLE_SCRAP)
                .oldVehicle(vin(1)).build());
        String scrap1 = feed.at("2024-09-02T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-02", "321302"));
        String scrap2 = feed.at("2024-09-03T10:00:00", scrapped(vin(2), RECYCLER, ref(2), "2024-09-03", "340102"));
        String grant2 = feed.at("2024-09-04T10:00:00", grant("S-2").programme(Programme.VEHICLE_SCRAP)
                .oldVehicle(vin(2)).deliveredTo(ref(2), "320804").build());

        assertThat(feed.alerts("R11")).extracting(a -> a.subject().ref(), AlertView::evidence).containsExactly(
                Tuple.tuple("S-1", java.util.List.of(grant1, scrap1)),
                Tuple.tuple("S-2", java.util.List.of(grant2, scrap2)));
    }

    @Test
    void bothFindingsShareTheSubsidysOneAlert() {
        String scrap = feed.at("2024-09-01T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-01", "321302"));
        String grant = feed.at("2024-09-04T10:00:00", grant("S-1").programme(Programme.VEHICLE_SCRAP)
                .oldVehicle(vin(1)).deliveredTo(ref(1), "321302").build());

        assertThat(feed.alerts("R11")).singleElement().satisfies(alert -> {
            assertThat(alert.evidence()).containsExactly(grant, scrap);
            assertThat(alert.summaryEn()).contains("delivered to region 321302").contains("registered in region 321302");
        });
    }

    @Test
    void doesNotRaiseForDeliveriesAndVehiclesInsideTheRegionsOrVehiclesWithoutASubsidy() {
        feed.at("2024-09-01T10:00:00", grant("S-1").deliveredTo(ref(1), "320800").build());
        feed.at("2024-09-01T11:00:00", grant("S-2").build());
        feed.at("2024-09-02T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-02", "320831"));
        feed.at("2024-09-03T10:00:00", grant("S-3").programme(Programme.VEHICLE_SCRAP).oldVehicle(vin(1))
                .deliveredTo(ref(1), "320803").build());
        feed.at("2024-09-04T10:00:00", scrapped(vin(2), RECYCLER, ref(2), "2024-09-04", "321302"));
        feed.at("2024-09-05T10:00:00", scrapped(vin(1), RECYCLER, ref(3), "2024-09-05", "321302"));

        assertThat(feed.alerts("R11")).isEmpty();
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        feed.at("2024-09-01T10:00:00", grant("S-1").deliveredTo(ref(1), "321302").build());
        feed.at("2024-09-02T10:00:00", grant("S-2").programme(Programme.VEHICLE_SCRAP).oldVehicle(vin(1)).build());
        feed.at("2024-09-03T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-03", "321302"));
        FraudTestSupport fresh = new FraudTestSupport(new R11OutOfRegion(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R11")).hasSize(2);
        assertThat(fresh.alerts("R11")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R11").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
