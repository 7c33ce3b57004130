package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.DISMANTLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.applianceDismantled;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.collected;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.enterprise;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.grant;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.qualified;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.revoked;
import static org.assertj.core.api.Assertions.assertThat;

class R12OrphanOldItemTest {

    private final ChainFacts.Feed feed = new ChainFacts.Feed(new FraudTestSupport(new R12OrphanOldItem(RuleSettings.DEFAULTS)));

    /** Moves "now" to the given day with an event no rule of this test reads. */
    private void tick(String day) {
        feed.at(day + "T08:00:00", grant("TICK-" + day).programme(Programme.DIGITAL).build());
    }

    private void qualifiedDismantler() {
        feed.at("2024-01-02T10:00:00", qualified(DISMANTLER, Qualification.WEEE_PROCESSING, "2024-01-01", "2028-12-31"));
    }

    @Test
    void raisesWhenTheOldApplianceIsNotCollectedWithinSevenDaysOfTheGrant() {
        String grant = feed.at("2024-09-01T10:00:00", grant("S-1").oldAppliance("R-1").build());
        tick("2024-09-08");
        assertThat(feed.alerts("R12")).isEmpty();
        tick("2024-09-09");

        assertThat(feed.alerts("R12")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
            assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(alert.window()).isNull();
            assertThat(alert.regionCode()).isEqualTo("320812");
            assertThat(alert.evidence()).containsExactly(grant);
        });
    }

    @Test
    void doesNotRaiseForACollectionOnTheLastDayOrBeforeTheGrantOrForASubsidyWithoutAnOldItem() {
        qualifiedDismantler();
        feed.at("2024-09-01T10:00:00", grant("S-1").oldAppliance("R-1").build());
        feed.at("2024-09-08T23:59:00", collected("R-1", ref(1), "2024-09-08"));
        feed.at("2024-09-09T09:00:00", collected("R-2", ref(2), "2024-09-09"));
        feed.at("2024-09-09T10:00:00", grant("S-2").oldAppliance("R-2").build());
        feed.at("2024-09-09T11:00:00", grant("S-3").build());
        feed.at("2024-09-20T10:00:00", applianceDismantled("R-1", DISMANTLER, "2024-09-20"));
        feed.at("2024-09-20T10:00:00", applianceDismantled("R-2", DISMANTLER, "2024-09-20"));
        tick("2024-12-31");

        assertThat(feed.alerts("R12")).isEmpty();
    }

    @Test
    void raisesWhenACollectedApplianceIsNotDismantledWithinThirtyDays() {
        qualifiedDismantler();
        String collection = feed.at("2024-09-01T09:00:00", collected("R-1", ref(1), "2024-09-01"));
        feed.at("2024-09-01T10:00:00", collected("R-2", ref(2), "2024-09-01"));
        feed.at("2024-10-01T16:00:00", applianceDismantled("R-2", DISMANTLER, "2024-10-01"));
        assertThat(feed.alerts("R12")).isEmpty();
        tick("2024-10-02");

        assertThat(feed.alerts("R12")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("appliance", "R-1"));
            assertThat(alert.evidence()).containsExactly(collection);
        });
        feed.at("2024-10-03T10:00:00", applianceDismantled("R-1", DISMANTLER, "2024-10-03"));
        assertThat(feed.alerts("R12")).singleElement()
                .satisfies(alert -> assertThat(alert.evidence()).containsExactly(collection));
    }

    @Test
    void raisesAtOnceWhenTheDismantlerHoldsNoValidWeeeProcessing() {
        var expired = enterprise(21);
        var revokedHolder = enterprise(22);
        var otherLicence = enterprise(23);
        feed.at("2023-01-02T10:00:00", qualified(expired, Qualification.WEEE_PROCESSING, "2023-01-01", "2024-09-09"));
        feed.at("2023-01-02T10:00:00", qualified(revokedHolder, Qualification.WEEE_PROCESSING, "2023-01-01", null));
        feed.at("2023-01-02T10:00:00", qualified(otherLicence, Qualification.RECYCLING_FILING, "2023-01-01", null));
        feed.at("2024-09-05T10:00:00", revoked(revokedHolder, Qualification.WEEE_PROCESSING, "2024-09-05"));
        String c1 = feed.at("2024-09-06T09:00:00", collected("R-1", ref(1), "2024-09-06"));
        String c2 = feed.at("2024-09-06T09:00:00", collected("R-2", ref(2), "2024-09-06"));
        String c3 = feed.at("2024-09-06T09:00:00", collected("R-3", ref(3), "2024-09-06"));
        feed.at("2024-09-06T09:00:00", collected("R-4", ref(4), "2024-09-06"));
        String d1 = feed.at("2024-09-10T10:00:00", applianceDismantled("R-1", expired, "2024-09-10"));
        String d2 = feed.at("2024-09-10T10:00:00", applianceDismantled("R-2", revokedHolder, "2024-09-10"));
        String d3 = feed.at("2024-09-10T10:00:00", applianceDismantled("R-3", otherLicence, "2024-09-10"));
        // valid on its last day
        feed.at("2024-09-09T10:00:00", applianceDismantled("R-4", expired, "2024-09-09"));

        assertThat(feed.alerts("R12")).extracting(a -> a.subject().ref(), AlertView::evidence).containsExactly(
                Tuple.tuple("R-1", List.of(c1, d1)), Tuple.tuple("R-2", List.of(c2, d2)),
                Tuple.tuple("R-3", List.of(c3, d3)));
    }

    @Test
    void aRegrantThatStartsAfterARevocationIsValidWhateverTheOrderOfRecording() {
        var regranted = enterprise(31);
        feed.at("2023-01-02T10:00:00", qualified(regranted, Qualification.WEEE_PROCESSING, "2023-01-01", null));
        feed.at("2024-06-01T10:00:00", revoked(regranted, Qualification.WEEE_PROCESSING, "2024-06-01"));
        feed.at("2024-08-01T10:00:00", qualified(regranted, Qualification.WEEE_PROCESSING, "2024-08-01", "2027-07-31"));
        var renewedEarly = enterprise(32);
        feed.at("2024-08-01T10:00:00", qualified(renewedEarly, Qualification.WEEE_PROCESSING, "2023-01-01", null));
        feed.at("2024-08-01T10:00:00", qualified(renewedEarly, Qualification.WEEE_PROCESSING, "2024-08-01", null));
        feed.at("2024-08-02T10:00:00", revoked(renewedEarly, Qualification.WEEE_PROCESSING, "2024-06-01"));
        feed.at("2024-09-06T09:00:00", collected("R-1", ref(1), "2024-09-06"));
        feed.at("2024-09-06T09:00:00", collected("R-2", ref(2), "2024-09-06"));
        feed.at("2024-09-10T10:00:00", applianceDismantled("R-1", regranted, "2024-09-10"));
        feed.at("2024-09-10T10:00:00", applianceDismantled("R-2", renewedEarly, "2024-09-10"));

        assertThat(feed.alerts("R12")).isEmpty();
    }

    @Test
    void readsItsDeadlinesFromTheSettings() {
        assertThat(new R12OrphanOldItem(RuleSettings.DEFAULTS).parameters())
                .isEqualTo(Map.of("collection-days", "7", "dismantling-days", "30"));
        assertThat(new R12OrphanOldItem(RuleSettings.DEFAULTS.with(Map.of("R12", Map.of("collection-days", "3"))))
                .parameters()).containsEntry("collection-days", "3");
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        feed.at("2024-09-01T10:00:00", grant("S-1").oldAppliance("R-1").build());
        feed.at("2024-09-01T11:00:00", collected("R-2", ref(2), "2024-09-01"));
        feed.at("2024-09-03T10:00:00", applianceDismantled("R-2", enterprise(40), "2024-09-03"));
        feed.at("2024-09-04T11:00:00", collected("R-3", ref(3), "2024-09-04"));
        tick("2024-11-01");
        FraudTestSupport fresh = new FraudTestSupport(new R12OrphanOldItem(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R12")).hasSize(3);
        assertThat(fresh.alerts("R12")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R12").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
