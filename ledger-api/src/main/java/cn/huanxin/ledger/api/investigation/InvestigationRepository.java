package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.projections.fraud.AlertStatus;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.Bitemporal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The investigations' tables in the main database (migration V3): requests, run state and the
 * alerts found. Wall-clock times are fine here: this is operational state, not a view of the ledger.
 */
@Component
class InvestigationRepository {

    private static final String COLUMNS = "investigation_id, status, slice_from, slice_to, region_code, rule_overrides, "
            + "requested_by, events_total, events_read, events_matched, progress, alerts_found, created_at, started_at, "
            + "finished_at, error";
    private static final TypeReference<Map<String, Map<String, String>>> OVERRIDES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    InvestigationRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void insert(String id, InvestigationRequest request, String requestedBy, String runner) {
        OffsetDateTime now = now();
        jdbc.update("INSERT INTO investigation (investigation_id, status, slice_from, slice_to, region_code, "
                        + "rule_overrides, requested_by, runner, events_read, events_matched, progress, alerts_found, "
                        + "created_at, heartbeat_at) VALUES (?,?,?,?,?,?,?,?,0,0,0,0,?,?)",
                id, InvestigationStatus.QUEUED.name(), request.slice().from(), request.slice().to(),
                request.regionCode(), write(request.overrides()), requestedBy, runner, now, now);
    }

    /** Deletes an investigation that was never queued (its runner refused it); it has no alerts. */
    void forget(String id) {
        jdbc.update("DELETE FROM investigation WHERE investigation_id = ? AND status = ?", id,
                InvestigationStatus.QUEUED.name());
    }

    Optional<Investigation> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM investigation WHERE investigation_id = ?", this::investigation, id)
                .stream().findFirst();
    }

    void started(String id, long eventsTotal) {
        OffsetDateTime now = now();
        jdbc.update("UPDATE investigation SET status = ?, events_total = ?, started_at = ?, heartbeat_at = ? "
                + "WHERE investigation_id = ?", InvestigationStatus.RUNNING.name(), eventsTotal, now, now, id);
    }

    void progress(String id, long eventsRead, long eventsMatched, double progress) {
        jdbc.update("UPDATE investigation SET events_read = ?, events_matched = ?, progress = ?, heartbeat_at = ? "
                + "WHERE investigation_id = ?", eventsRead, eventsMatched, progress, now(), id);
    }

    /** Stores one page of the alerts found, numbered from {@code firstSeq}. */
    void alerts(String id, long firstSeq, List<AlertView> alerts) {
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> evidence = new ArrayList<>();
        long seq = firstSeq;
        for (AlertView alert : alerts) {
            rows.add(new Object[]{id, seq, alert.alertId(), alert.ruleId(), alert.severity().name(),
                    alert.status().name(), alert.subject().kind(), alert.subject().ref(), alert.window(),
                    alert.regionCode(), alert.summaryZh(), alert.summaryEn(), Bitemporal.micros(alert.raisedAt()),
                    alert.evidenceCount()});
            for (int i = 0; i < alert.evidence().size(); i++) {
                evidence.add(new Object[]{id, seq, i, alert.evidence().get(i)});
            }
            seq++;
        }
        jdbc.batchUpdate("INSERT INTO investigation_alert (investigation_id, alert_seq, alert_id, rule_id, severity, "
                + "status, subject_kind, subject_ref, alert_window, region_code, summary_zh, summary_en, raised_at, "
                + "evidence_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows);
        jdbc.batchUpdate("INSERT INTO investigation_alert_evidence (investigation_id, alert_seq, evidence_seq, "
                + "ledger_event_id) VALUES (?,?,?,?)", evidence);
    }

    void completed(String id, long eventsRead, long eventsMatched, long alertsFound) {
        OffsetDateTime now = now();
        jdbc.update("UPDATE investigation SET status = ?, events_read = ?, events_matched = ?, progress = 1, "
                        + "alerts_found = ?, finished_at = ?, heartbeat_at = ? WHERE investigation_id = ?",
                InvestigationStatus.COMPLETED.name(), eventsRead, eventsMatched, alertsFound, now, now, id);
    }

    /** Marks a run FAILED, dropping whatever alerts it had copied so far: a failed run shows none. */
    void failed(String id, String error) {
        jdbc.update("DELETE FROM investigation_alert_evidence WHERE investigation_id = ?", id);
        jdbc.update("DELETE FROM investigation_alert WHERE investigation_id = ?", id);
        OffsetDateTime now = now();
        jdbc.update("UPDATE investigation SET status = ?, error = ?, finished_at = ?, heartbeat_at = ? "
                        + "WHERE investigation_id = ? AND status IN (?, ?)", InvestigationStatus.FAILED.name(),
                truncate(error), now, now, id, InvestigationStatus.QUEUED.name(), InvestigationStatus.RUNNING.name());
    }

    /** Tells other ledger instances that this runner's investigations are alive. */
    void heartbeat(String runner) {
        jdbc.update("UPDATE investigation SET heartbeat_at = ? WHERE runner = ? AND status IN (?, ?)", now(), runner,
                InvestigationStatus.QUEUED.name(), InvestigationStatus.RUNNING.name());
    }

    /**
     * Marks FAILED every unfinished investigation whose runner is gone: one of an earlier run of
     * this process (a crash or a stop), or one whose runner has been silent for {@code staleAfter}.
     *
     * @return how many were marked
     */
    int abandon(String liveRunner, java.time.Duration staleAfter, String error) {
        OffsetDateTime now = now();
        return jdbc.update("UPDATE investigation SET status = ?, error = ?, finished_at = ? "
                        + "WHERE status IN (?, ?) AND runner <> ? AND heartbeat_at < ?", InvestigationStatus.FAILED.name(),
                error, now, InvestigationStatus.QUEUED.name(), InvestigationStatus.RUNNING.name(), liveRunner,
                now.minus(staleAfter));
    }

    /** Whether the investigation is queued or running (anywhere): its scratch tables are in use. */
    boolean unfinished(String id) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM investigation WHERE investigation_id = ? "
                + "AND status IN (?, ?)", Integer.class, id, InvestigationStatus.QUEUED.name(),
                InvestigationStatus.RUNNING.name());
        return found != null && found > 0;
    }

    /** A page of the alerts found, in the order they were raised, after {@code afterSeq}. */
    AlertPage alerts(String id, long afterSeq, int limit) {
        List<Long> seqs = new ArrayList<>();
        Map<Long, AlertView> page = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM investigation_alert WHERE investigation_id = ? AND alert_seq > ? "
                + "ORDER BY alert_seq LIMIT ?", rs -> {
            seqs.add(rs.getLong("alert_seq"));
            page.put(rs.getLong("alert_seq"), alert(rs));
        }, id, afterSeq, limit + 1);
        String nextKey = null;
        if (seqs.size() > limit) {
            page.remove(seqs.get(limit));
            nextKey = Long.toString(seqs.get(limit - 1));
        }
        if (page.isEmpty()) {
            return new AlertPage(List.of(), null);
        }
        Map<Long, List<String>> evidence = new LinkedHashMap<>();
        page.keySet().forEach(seq -> evidence.put(seq, new ArrayList<>()));
        long first = page.keySet().iterator().next();
        long last = seqs.get(page.size() - 1);
        jdbc.query("SELECT alert_seq, ledger_event_id FROM investigation_alert_evidence WHERE investigation_id = ? "
                        + "AND alert_seq BETWEEN ? AND ? ORDER BY alert_seq, evidence_seq",
                rs -> {
                    evidence.get(rs.getLong(1)).add(rs.getString(2));
                }, id, first, last);
        List<AlertView> alerts = page.entrySet().stream().map(e -> withEvidence(e.getValue(), evidence.get(e.getKey())))
                .toList();
        return new AlertPage(alerts, nextKey);
    }

    /** One page of an investigation's alerts; {@code nextKey} is {@code null} on the last. */
    record AlertPage(List<AlertView> items, String nextKey) {
    }

    private static AlertView alert(ResultSet rs) throws SQLException {
        return new AlertView(rs.getString("alert_id"), rs.getString("rule_id"), Severity.valueOf(rs.getString("severity")),
                AlertStatus.valueOf(rs.getString("status")),
                new AlertView.Subject(rs.getString("subject_kind"), rs.getString("subject_ref")),
                rs.getString("summary_zh") + " / " + rs.getString("summary_en"), rs.getString("summary_zh"),
                rs.getString("summary_en"), List.of(), rs.getLong("evidence_count"),
                Bitemporal.fromMicros(rs.getLong("raised_at")), rs.getString("region_code"),
                rs.getString("alert_window"), null, null);
    }

    private static AlertView withEvidence(AlertView a, List<String> evidence) {
        return new AlertView(a.alertId(), a.ruleId(), a.severity(), a.status(), a.subject(), a.summary(), a.summaryZh(),
                a.summaryEn(), List.copyOf(evidence), a.evidenceCount(), a.raisedAt(), a.regionCode(), a.window(),
                a.dispositionReason(), a.dispositionedBy());
    }

    private Investigation investigation(ResultSet rs, int row) throws SQLException {
        Long total = rs.getObject("events_total", Long.class);
        return new Investigation(rs.getString("investigation_id"), InvestigationStatus.valueOf(rs.getString("status")),
                rs.getString("slice_from"), rs.getString("slice_to"), rs.getString("region_code"),
                read(rs.getString("rule_overrides")), rs.getString("requested_by"), total,
                rs.getLong("events_read"), rs.getLong("events_matched"), rs.getDouble("progress"),
                rs.getLong("alerts_found"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private String write(Map<String, Map<String, String>> overrides) {
        try {
            return json.writeValueAsString(overrides);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rule overrides cannot be written as JSON", e);
        }
    }

    Map<String, Map<String, String>> read(String overrides) {
        try {
            return json.readValue(overrides, OVERRIDES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rule overrides are not JSON", e);
        }
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
    }
}
