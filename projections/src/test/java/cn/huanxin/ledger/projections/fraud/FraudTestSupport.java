package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.TestEvents;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A fraud view on a fresh in-memory database with the default policy and region tables, fed event
 * by event as the live processor would (outside a unit of work, like an investigation).
 */
public final class FraudTestSupport {

    private final TestEvents events = new TestEvents();
    private final JdbcTemplate jdbc;
    private final FraudView view;

    public FraudTestSupport(FraudRule... rules) {
        this(ProjectionDatabases.h2(), rules);
    }

    public FraudTestSupport(JdbcTemplate jdbc, FraudRule... rules) {
        this(jdbc, FraudView.DEFAULT_EVIDENCE_BOUND, rules);
    }

    /** A view whose alerts keep their first and latest {@code evidenceBound} evidence events. */
    public FraudTestSupport(int evidenceBound, FraudRule... rules) {
        this(ProjectionDatabases.h2(), evidenceBound, rules);
    }

    public FraudTestSupport(JdbcTemplate jdbc, int evidenceBound, FraudRule... rules) {
        this.jdbc = jdbc;
        this.view = new FraudView(jdbc, List.of(rules), DefaultPolicy.table(), RegionTable.huaian(), AlertListener.NONE,
                FraudView.DEFAULT_MAX_BATCH, evidenceBound);
    }

    /** Feeds a fact that occurred at the given Asia/Shanghai local time and was recorded a second later. */
    public RecordedEvent feed(LedgerFact fact, String occurredAtShanghai) {
        Instant occurredAt = shanghai(occurredAtShanghai);
        return feed(fact, occurredAt, occurredAt.plusSeconds(1), "platform", false);
    }

    public RecordedEvent feed(LedgerFact fact, Instant occurredAt, Instant recordedAt, String source, boolean backfill) {
        var message = events.message(fact, occurredAt, recordedAt, source, backfill);
        RecordedEvent event = RecordedEvent.of(message);
        view.handle(fact, event);
        return event;
    }

    public static Instant shanghai(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.ofHours(8));
    }

    public List<AlertView> alerts() {
        return view.alerts(new FindAlertsQuery(null, null, null, null, null, 1000)).items();
    }

    public List<AlertView> alerts(String ruleId) {
        return view.alerts(new FindAlertsQuery(ruleId, null, null, null, null, 1000)).items();
    }

    public FraudView view() {
        return view;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }
}
