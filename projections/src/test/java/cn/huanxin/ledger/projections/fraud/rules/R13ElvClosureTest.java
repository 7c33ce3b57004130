package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.deregistered;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.enterprise;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.qualified;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.revoked;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.scrapped;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.vehicleDismantled;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.vin;
import static org.assertj.core.api.Assertions.assertThat;

class R13ElvClosureTest {

    private final ChainFacts.Feed feed = new ChainFacts.Feed(new FraudTestSupport(new R13ElvClosure(RuleSettings.DEFAULTS)));

    private void qualifiedRecycler() {
        feed.at("2024-01-02T10:00:00", qualified(RECYCLER, Qualification.VEHICLE_RECYCLING, "2024-01-01", "2028-12-31"));
    }

    /** Moves "now" to the given day with an event that closes nothing (another enterprise's filing). */
    private void tick(String day) {
        feed.at(day + "T08:00:00", qualified(enterprise(99), Qualification.DEALER_FILING, day, null));
    }

    @Test
    void raisesHighAtOnceWhenTheRecyclerHoldsNoValidVehicleRecycling() {
        var unlicensed = enterprise(11);
        var expired = enterprise(12);
        var revokedHolder = enterprise(13);
        feed.at("2023-01-02T10:00:00", qualified(expired, Qualification.VEHICLE_RECYCLING, "2023-01-01", "2024-08-31"));
        feed.at("2023-01-02T10:00:00", qualified(revokedHolder, Qualification.VEHICLE_RECYCLING, "2023-01-01", null));
        feed.at("2023-01-02T10:00:00", qualified(unlicensed, Qualification.WEEE_PROCESSING, "2023-01-01", null));
        feed.at("2024-09-01T10:00:00", revoked(revokedHolder, Qualification.VEHICLE_RECYCLING, "2024-09-01"));
        String s1 = feed.at("2024-09-01T11:00:00", scrapped(vin(1), unlicensed, ref(1), "2024-09-01", "320812"));
        String s2 = feed.at("2024-09-01T11:00:00", scrapped(vin(2), expired, ref(2), "2024-09-01", "321302"));
        String s3 = feed.at("2024-09-01T11:00:00", scrapped(vin(3), revokedHolder, ref(3), "2024-09-01", "320812"));

        List<AlertView> alerts = feed.alerts("R13");
        assertThat(alerts).extracting(a -> a.subject().kind(), a -> a.subject().ref(), AlertView::severity,
                AlertView::evidence, AlertView::regionCode).containsExactly(
                Tuple.tuple("vin", vin(1).value(), Severity.HIGH, List.of(s1), "320812"),
                Tuple.tuple("vin", vin(2).value(), Severity.HIGH, List.of(s2), null),
                Tuple.tuple("vin", vin(3).value(), Severity.HIGH, List.of(s3), "320812"));
        assertThat(alerts).allSatisfy(alert -> assertThat(alert.window()).isNull());
    }

    @Test
    void doesNotRaiseForAQualificationValidOnTheScrapDayAndAClosureOnTheLastDay() {
        var lastDay = enterprise(14);
        var revokedLater = enterprise(15);
        qualifiedRecycler();
        feed.at("2023-01-02T10:00:00", qualified(lastDay, Qualification.VEHICLE_RECYCLING, "2023-01-01", "2024-09-01"));
        feed.at("2023-01-02T10:00:00", qualified(revokedLater, Qualification.VEHICLE_RECYCLING, "2023-01-01", null));
        feed.at("2024-09-01T10:00:00", scrapped(vin(1), lastDay, ref(1), "2024-09-01", "320812"));
        feed.at("2024-09-01T10:00:00", scrapped(vin(2), revokedLater, ref(2), "2024-09-01", "320812"));
        feed.at("2024-09-01T10:00:00", scrapped(vin(3), RECYCLER, ref(3), "2024-09-01", "320812"));
        feed.at("2024-09-02T10:00:00", revoked(revokedLater, Qualification.VEHICLE_RECYCLING, "2024-09-02"));
        for (int i = 1; i <= 3; i++) {
            feed.at("2024-09-05T10:00:00", deregistered(vin(i), "2024-09-05"));
            feed.at("2024-10-01T23:00:00", vehicleDismantled(vin(i), "2024-10-01"));
        }
        tick("2024-12-31");

        assertThat(feed.alerts("R13")).isEmpty();
    }

    @Test
    void raisesMediumWhenDeregistrationOrDismantlingIsMissingThirtyDaysAfterScrapping() {
        qualifiedRecycler();
        String s1 = feed.at("2024-09-01T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-01", "320812"));
        String s2 = feed.at("2024-09-01T10:00:00", scrapped(vin(2), RECYCLER, ref(2), "2024-09-01", "320812"));
        feed.at("2024-09-05T10:00:00", deregistered(vin(1), "2024-09-05"));
        feed.at("2024-09-20T10:00:00", vehicleDismantled(vin(2), "2024-09-20"));
        tick("2024-10-01");
        assertThat(feed.alerts("R13")).isEmpty();
        tick("2024-10-02");

        List<AlertView> alerts = feed.alerts("R13");
        assertThat(alerts).extracting(a -> a.subject().ref(), AlertView::severity, AlertView::evidence)
                .containsExactlyInAnyOrder(Tuple.tuple(vin(1).value(), Severity.MEDIUM, List.of(s1)),
                        Tuple.tuple(vin(2).value(), Severity.MEDIUM, List.of(s2)));
        assertThat(alerts).filteredOn(a -> a.subject().ref().equals(vin(1).value())).singleElement()
                .satisfies(a -> assertThat(a.summaryEn()).contains("no dismantling").doesNotContain("deregistration"));
        assertThat(alerts).filteredOn(a -> a.subject().ref().equals(vin(2).value())).singleElement()
                .satisfies(a -> assertThat(a.summaryEn()).contains("no deregistration").doesNotContain("dismantling within"));
    }

    @Test
    void anUnqualifiedRecyclerAndAMissingClosureAreOneHighAlert() {
        String scrap = feed.at("2024-09-01T10:00:00", scrapped(vin(1), enterprise(16), ref(1), "2024-09-01", "320812"));
        tick("2024-10-15");

        assertThat(feed.alerts("R13")).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.evidence()).containsExactly(scrap);
            assertThat(alert.summaryEn()).contains("no deregistration and no dismantling")
                    .contains("held no valid VEHICLE_RECYCLING");
        });
    }

    @Test
    void readsItsDeadlineFromTheSettings() {
        assertThat(new R13ElvClosure(RuleSettings.DEFAULTS).parameters()).isEqualTo(Map.of("closure-days", "30"));
        R13ElvClosure rule = new R13ElvClosure(RuleSettings.DEFAULTS.with(Map.of("R13", Map.of("closure-days", "10"))));
        ChainFacts.Feed strict = new ChainFacts.Feed(new FraudTestSupport(rule));
        strict.at("2024-01-02T10:00:00", qualified(RECYCLER, Qualification.VEHICLE_RECYCLING, "2024-01-01", null));
        strict.at("2024-09-01T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-01", "320812"));
        strict.at("2024-09-12T10:00:00", deregistered(vin(1), "2024-09-12"));
        assertThat(strict.alerts("R13")).hasSize(1);
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        qualifiedRecycler();
        feed.at("2024-09-01T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-01", "320812"));
        feed.at("2024-09-02T10:00:00", scrapped(vin(2), enterprise(17), ref(2), "2024-09-02", "320812"));
        feed.at("2024-09-03T10:00:00", deregistered(vin(2), "2024-09-03"));
        feed.at("2024-09-04T10:00:00", vehicleDismantled(vin(2), "2024-09-04"));
        tick("2024-11-01");
        FraudTestSupport fresh = new FraudTestSupport(new R13ElvClosure(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R13")).hasSize(2);
        assertThat(fresh.alerts("R13")).extracting(AlertView::alertId, AlertView::severity, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R13").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.severity(), a.evidence())).toList());
    }
}
