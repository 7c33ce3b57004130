package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.FraudView;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.fraud.FraudTestSupport.shanghai;
import static cn.huanxin.ledger.projections.fraud.rules.R14ToR20Facts.granted;
import static org.assertj.core.api.Assertions.assertThat;

class R20LateUploadTest {

    private static final Instant OCCURRED = shanghai("2024-09-01T10:00:00");

    private final FraudTestSupport support = new FraudTestSupport(new R20LateUpload(RuleSettings.DEFAULTS));
    private int serial;

    /** The firing case, shared with the PostgreSQL run: a grant recorded a day and a millisecond late. */
    static RecordedEvent lateGrant(FraudTestSupport support) {
        return support.feed(granted("S-1", "1000.00"), OCCURRED, OCCURRED.plus(Duration.ofHours(24)).plusMillis(1),
                "platform", false);
    }

    private RecordedEvent late(FraudTestSupport s, String source, String recordedAtShanghai) {
        return s.feed(granted("S-" + (++serial), "100.00"), OCCURRED, shanghai(recordedAtShanghai), source, false);
    }

    @Test
    void raisesForAnEventRecordedMoreThanADayAfterItOccurred() {
        RecordedEvent event = lateGrant(support);

        List<AlertView> alerts = support.alerts("R20");
        assertThat(alerts).hasSize(1);
        AlertView alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.LOW);
        assertThat(alert.subject()).isEqualTo(new AlertView.Subject("event", event.ledgerEventId()));
        assertThat(alert.window()).isNull();
        assertThat(alert.evidence()).containsExactly(event.ledgerEventId());
    }

    @Test
    void exactlyADayLateIsInTime() {
        support.feed(granted("S-1", "1000.00"), OCCURRED, OCCURRED.plus(Duration.ofHours(24)), "platform", false);

        assertThat(support.alerts("R20")).isEmpty();
    }

    @Test
    void eventsFromABackfillClientAreNotJudged() {
        support.feed(granted("S-1", "1000.00"), OCCURRED, OCCURRED.plus(Duration.ofDays(700)), "importer", true);

        assertThat(support.alerts("R20")).isEmpty();
    }

    @Test
    void moreThanTheLimitOfLateEventsFromOneSourceInOneHourIsABurst() {
        FraudTestSupport s = new FraudTestSupport(new R20LateUpload(
                new RuleSettings(Map.of("R20", Map.of("burst-limit", "3")))));
        List<String> burst = new ArrayList<>();
        burst.add(late(s, "platform", "2024-09-03T10:00:00").ledgerEventId());
        late(s, "platform", "2024-09-03T09:59:59");
        late(s, "dealer-system", "2024-09-03T10:30:00");
        burst.add(late(s, "platform", "2024-09-03T10:15:00").ledgerEventId());
        burst.add(late(s, "platform", "2024-09-03T10:59:59.999").ledgerEventId());
        s.feed(granted("S-99", "100.00"), shanghai("2024-09-03T09:00:00"), shanghai("2024-09-03T10:20:00"),
                "platform", false);
        assertThat(s.alerts("R20")).extracting(a -> a.subject().kind()).containsOnly("event");

        burst.add(late(s, "platform", "2024-09-03T10:45:00").ledgerEventId());
        RecordedEvent fifth = late(s, "platform", "2024-09-03T10:50:00");

        List<AlertView> bursts = s.alerts("R20").stream().filter(a -> a.subject().kind().equals("source-hour")).toList();
        assertThat(bursts).hasSize(1);
        assertThat(bursts.get(0).subject().ref()).isEqualTo("platform|2024-09-03T10");
        assertThat(bursts.get(0).window()).isEqualTo("2024-09-03T10");
        assertThat(bursts.get(0).severity()).isEqualTo(Severity.LOW);
        burst.add(fifth.ledgerEventId());
        assertThat(bursts.get(0).evidence()).containsExactlyElementsOf(burst);
        assertThat(s.alerts("R20")).filteredOn(a -> a.subject().kind().equals("event")).hasSize(7);
    }

    /** The burst's 501 events are more than the evidence bound keeps: its first and latest 100, and the count. */
    @Test
    void fiveHundredLateEventsInAnHourAreNotYetABurst() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(late(support, "platform", "2024-09-03T10:00:00").ledgerEventId());
        }
        assertThat(support.alerts("R20")).filteredOn(a -> a.subject().kind().equals("source-hour")).isEmpty();

        events.add(late(support, "platform", "2024-09-03T10:59:00").ledgerEventId());

        List<String> kept = new ArrayList<>(events.subList(0, FraudView.DEFAULT_EVIDENCE_BOUND));
        kept.addAll(events.subList(events.size() - FraudView.DEFAULT_EVIDENCE_BOUND, events.size()));
        assertThat(support.alerts("R20")).filteredOn(a -> a.subject().kind().equals("source-hour"))
                .singleElement().satisfies(alert -> {
                    assertThat(alert.evidence()).containsExactlyElementsOf(kept);
                    assertThat(alert.evidenceCount()).isEqualTo(501);
                });
    }

    @Test
    void theLatenessIsAParameter() {
        R20LateUpload rule = new R20LateUpload(new RuleSettings(Map.of("R20", Map.of("late-hours", "48"))));
        FraudTestSupport configured = new FraudTestSupport(rule);
        lateGrant(configured);

        assertThat(configured.alerts("R20")).isEmpty();
        assertThat(rule.parameters()).containsEntry("late-hours", "48").containsEntry("burst-limit", "500");
    }

    @Test
    void aReplayRaisesTheSameAlertIdsForTheSameEvents() {
        FraudTestSupport s = new FraudTestSupport(new R20LateUpload(
                new RuleSettings(Map.of("R20", Map.of("burst-limit", "1")))));
        late(s, "platform", "2024-09-03T10:00:00");
        late(s, "platform", "2024-09-03T10:01:00");
        AlertView burst = s.alerts("R20").stream().filter(a -> a.subject().kind().equals("source-hour"))
                .findFirst().orElseThrow();

        FraudTestSupport replay = new FraudTestSupport(new R20LateUpload(
                new RuleSettings(Map.of("R20", Map.of("burst-limit", "1")))));
        late(replay, "platform", "2024-09-03T10:00:00");
        late(replay, "platform", "2024-09-03T10:01:00");

        assertThat(replay.alerts("R20")).extracting(AlertView::alertId).contains(burst.alertId());
        assertThat(replay.alerts("R20")).hasSize(3);
    }
}
