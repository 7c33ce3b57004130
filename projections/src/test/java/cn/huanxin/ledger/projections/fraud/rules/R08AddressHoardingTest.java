package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.grant;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static org.assertj.core.api.Assertions.assertThat;

class R08AddressHoardingTest {

    private static final String ADDRESS = ref(0xadd).value();

    private final ChainFacts.Feed feed = new ChainFacts.Feed(new FraudTestSupport(new R08AddressHoarding(RuleSettings.DEFAULTS)));
    private int serial;

    private String grantTo(String address, String at) {
        serial++;
        return feed.at(at, grant("S-" + serial).person(ref(serial)).deliveredTo(
                cn.huanxin.ledger.core.common.Pseudonym.of(address), "320812").build());
    }

    @Test
    void raisesWhenSixSubsidiesGoToOneAddressWithinSevenDays() {
        List<String> evidence = new ArrayList<>();
        for (String day : List.of("01", "02", "03", "05", "06")) {
            evidence.add(grantTo(ADDRESS, "2024-09-" + day + "T10:00:00"));
        }
        assertThat(feed.alerts("R08")).isEmpty();
        evidence.add(grantTo(ADDRESS, "2024-09-07T10:00:00"));

        assertThat(feed.alerts("R08")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("address", ADDRESS));
            assertThat(alert.window()).isEqualTo("2024-09-01/2024-09-07");
            assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(alert.regionCode()).isEqualTo("320812");
            assertThat(alert.evidence()).containsExactlyElementsOf(evidence);
        });
    }

    @Test
    void doesNotRaiseForSixSubsidiesSpreadOverEightDays() {
        for (String day : List.of("01", "02", "03", "05", "06", "08")) {
            grantTo(ADDRESS, "2024-09-" + day + "T10:00:00");
        }
        for (int i = 0; i < 5; i++) {
            grantTo(ref(0xbee).value(), "2024-09-10T1" + i + ":00:00");
        }
        // a day is the Asia/Shanghai calendar day: 23:30 on the 14th and 00:30 on the 21st are 8 days apart
        String other = ref(0xcab).value();
        grantTo(other, "2024-09-14T23:30:00");
        for (int i = 0; i < 4; i++) {
            grantTo(other, "2024-09-18T1" + i + ":00:00");
        }
        grantTo(other, "2024-09-21T00:30:00");

        assertThat(feed.alerts("R08")).isEmpty();
    }

    @Test
    void oneBurstIsOneAlertAndLaterGrantsInItsWindowAddEvidence() {
        List<String> evidence = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            evidence.add(grantTo(ADDRESS, "2024-09-03T1" + i + ":00:00"));
        }
        evidence.add(grantTo(ADDRESS, "2024-09-09T10:00:00"));
        // the next window starts afresh after 2024-09-09 and holds only five grants
        for (int i = 0; i < 5; i++) {
            grantTo(ADDRESS, "2024-09-1" + i + "T10:00:00");
        }

        assertThat(feed.alerts("R08")).singleElement().satisfies(alert -> {
            assertThat(alert.window()).isEqualTo("2024-09-03/2024-09-09");
            assertThat(alert.evidence()).containsExactlyElementsOf(evidence);
        });

        grantTo(ADDRESS, "2024-09-15T10:00:00");
        assertThat(feed.alerts("R08")).extracting(AlertView::window)
                .containsExactly("2024-09-03/2024-09-09", "2024-09-10/2024-09-16");
    }

    @Test
    void readsItsLimitAndWindowFromTheSettings() {
        R08AddressHoarding rule = new R08AddressHoarding(RuleSettings.DEFAULTS.with(
                Map.of("R08", Map.of("max-subsidies", "2", "window-days", "3"))));
        assertThat(rule.parameters()).containsEntry("max-subsidies", "2").containsEntry("window-days", "3");
        assertThat(new R08AddressHoarding(RuleSettings.DEFAULTS).parameters())
                .isEqualTo(Map.of("max-subsidies", "5", "window-days", "7"));
        ChainFacts.Feed strict = new ChainFacts.Feed(new FraudTestSupport(rule));
        for (String day : List.of("01", "03", "04", "06")) {
            strict.at("2024-09-" + day + "T10:00:00", grant("S-" + day).deliveredTo(ref(5), "320812").build());
        }
        assertThat(strict.alerts("R08")).isEmpty();
        strict.at("2024-09-05T10:00:00", grant("S-05").deliveredTo(ref(5), "320812").build());
        assertThat(strict.alerts("R08")).singleElement()
                .satisfies(alert -> assertThat(alert.window()).isEqualTo("2024-09-03/2024-09-05"));
    }

    @Test
    void aReplayRaisesTheSameAlertsWithTheSameEvidence() {
        for (int i = 0; i < 8; i++) {
            grantTo(ADDRESS, "2024-09-0" + (i + 1) + "T10:00:00");
        }
        FraudTestSupport fresh = new FraudTestSupport(new R08AddressHoarding(RuleSettings.DEFAULTS));
        feed.replayInto(fresh);

        assertThat(feed.alerts("R08")).hasSize(1);
        assertThat(fresh.alerts("R08")).extracting(AlertView::alertId, AlertView::evidence)
                .containsExactlyElementsOf(feed.alerts("R08").stream()
                        .map(a -> Tuple.tuple(a.alertId(), a.evidence())).toList());
    }
}
