package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.collected;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.enterprise;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.grant;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.scrapped;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.vin;
import static org.assertj.core.api.Assertions.assertThat;

class R04IdentityMatchTest {

    private final ChainFacts.Feed feed = new ChainFacts.Feed(new FraudTestSupport(new R04IdentityMatch(RuleSettings.DEFAULTS)));

    @Test
    void raisesWhenTheScrappedVehicleBelongsToSomeoneElseRecordedAfterTheGrant() {
        String grant = feed.at("2024-09-01T10:00:00", grant("S-1").programme(Programme.VEHICLE_SCRAP).person(ref(1))
                .oldVehicle(vin(1)).build());
        String scrap = feed.at("2024-09-02T10:00:00", scrapped(vin(1), RECYCLER, ref(2), "2024-09-02", "320812"));

        List<AlertView> alerts = feed.alerts("R04");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.window()).isNull();
        assertThat(alert.regionCode()).isEqualTo("320812");
        assertThat(alert.evidence()).containsExactly(grant, scrap);
    }

    @Test
    void raisesWhenTheOldApplianceWasHandedInBySomeoneElseRecordedBeforeTheGrant() {
        String collection = feed.at("2024-09-01T09:00:00", collected("R-1", ref(2), "2024-09-01"));
        String grant = feed.at("2024-09-01T10:00:00", grant("S-1").person(ref(1)).oldAppliance("R-1").build());

        assertThat(feed.alerts("R04")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
            assertThat(alert.evidence()).containsExactly(grant, collection);
        });
    }

    @Test
    void anEnterpriseBeneficiaryNeverMatchesAPersonsOldItem() {
        String scrap = feed.at("2024-09-01T09:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-01", "320812"));
        String grant = feed.at("2024-09-03T10:00:00", grant("S-E").programme(Programme.VEHICLE_SCRAP)
                .enterprise(enterprise(7)).oldVehicle(vin(1)).build());

        assertThat(feed.alerts("R04")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).containsExactly(grant, scrap));
    }

    @Test
    void doesNotRaiseWhenTheBeneficiaryOwnsTheOldItemInEitherOrder() {
        feed.at("2024-09-01T10:00:00", grant("S-1").programme(Programme.VEHICLE_SCRAP).person(ref(1))
                .oldVehicle(vin(1)).build());
        feed.at("2024-09-02T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-02", "320812"));
        feed.at("2024-09-03T09:00:00", collected("R-2", ref(3), "2024-09-03"));
        feed.at("2024-09-03T10:00:00", grant("S-2").person(ref(3)).oldAppliance("R-2").build());

        assertThat(feed.alerts("R04")).isEmpty();
    }

    @Test
    void judgesAgainstTheFirstOwnerRecordSoASecondCertificateIsLeftToR05() {
        feed.at("2024-09-01T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-01", "320812"));
        feed.at("2024-09-02T10:00:00", grant("S-1").programme(Programme.VEHICLE_SCRAP).person(ref(1))
                .oldVehicle(vin(1)).build());
        feed.at("2024-09-05T10:00:00", scrapped(vin(1), RECYCLER, ref(9), "2024-09-05", "320812"));

        assertThat(feed.alerts("R04")).isEmpty();
    }

    @Test
    void leavesOldItemsWithoutAnOwnerRecordAlone() {
        feed.at("2024-09-01T10:00:00", grant("S-1").programme(Programme.EBIKE).person(ref(1))
                .oldItem(OldItemKind.EBIKE, "R-1").build());
        feed.at("2024-09-01T11:00:00", collected("R-1", ref(2), "2024-09-01"));
        feed.at("2024-09-01T12:00:00", grant("S-2").person(ref(1)).build());

        assertThat(feed.alerts("R04")).isEmpty();
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        feed.at("2024-09-01T09:00:00", collected("R-1", ref(2), "2024-09-01"));
        feed.at("2024-09-01T10:00:00", grant("S-1").person(ref(1)).oldAppliance("R-1").build());
        feed.at("2024-09-02T10:00:00", grant("S-2").programme(Programme.VEHICLE_SCRAP).person(ref(1))
                .oldVehicle(vin(2)).build());
        feed.at("2024-09-03T10:00:00", scrapped(vin(2), RECYCLER, ref(4), "2024-09-03", "320812"));

        FraudTestSupport fresh = new FraudTestSupport(new R04IdentityMatch(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R04")).hasSize(2);
        assertThat(fresh.alerts("R04")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R04").stream()
                        .map(a -> org.assertj.core.groups.Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
