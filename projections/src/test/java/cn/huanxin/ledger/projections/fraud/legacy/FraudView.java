package cn.huanxin.ledger.projections.fraud.legacy;

import cn.huanxin.ledger.projections.fraud.*;

import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fraud view's engine: runs every rule over each event in global order, keeps the view's
 * event-time clock, and stores alerts with their evidence. It knows nothing of Axon's processors:
 * the live {@link FraudProjection} feeds it from the event stream, and an investigation feeds a
 * second instance, on its own database and with its own settings, from a slice of history.
 */
public final class FraudView {

    private static final String CLOCK_RESOURCE = FraudView.class.getName() + ".clock";

    private final JdbcTemplate jdbc;
    private final List<FraudRule> rules;
    private final Map<Class<?>, List<FraudRule>> rulesByType = new HashMap<>();
    private final PolicyTable policy;
    private final RegionTable regions;
    private final AlertListener listener;
    /** Used only outside a unit of work (investigations); the live view keeps its clock per batch. */
    private Clock standaloneClock;

    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener) {
        this.jdbc = jdbc;
        this.rules = List.copyOf(rules);
        this.policy = policy;
        this.regions = regions;
        this.listener = listener;
        Set<String> ids = new LinkedHashSet<>();
        for (FraudRule rule : this.rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("rule " + rule.id() + " is configured twice");
            }
        }
    }

    public List<FraudRule> rules() {
        return rules;
    }

    /** Handles one event: moves the clock (running deadline checks on a new day), then the rules. */
    public void handle(LedgerFact fact, RecordedEvent event) {
        Clock clock = clock();
        LocalDate day = event.occurredOn();
        Context context = new Context(clock);
        if (clock.today == null || day.isAfter(clock.today)) {
            clock.nowMicros = Math.max(clock.nowMicros, Bitemporal.micros(event.occurredAt()));
            clock.today = day;
            clock.changed = true;
            for (FraudRule rule : rules) {
                rule.onNewDay(day, context);
            }
        } else if (Bitemporal.micros(event.occurredAt()) > clock.nowMicros) {
            clock.nowMicros = Bitemporal.micros(event.occurredAt());
            clock.changed = true;
        }
        if (fact instanceof AlertDispositioned disposition) {
            disposition(disposition);
            return;
        }
        for (FraudRule rule : rulesFor(fact.getClass())) {
            rule.on(fact, event, context);
        }
        if (!CurrentUnitOfWork.isStarted() && clock.changed) {
            persist(clock);
        }
    }

    /** Clears every table of the view and of its rules. */
    public void reset() {
        List<String> tables = new ArrayList<>(List.of("fraud_alert_evidence", "fraud_alert", "fraud_clock",
                "fraud_pending_disposition"));
        rules.forEach(rule -> tables.addAll(rule.tables()));
        tables.forEach(table -> jdbc.update("DELETE FROM " + table));
        standaloneClock = null;
    }

    private List<FraudRule> rulesFor(Class<?> type) {
        return rulesByType.computeIfAbsent(type, t -> rules.stream()
                .filter(rule -> rule.reads().stream().anyMatch(read -> read.isAssignableFrom(t))).toList());
    }

    // ---- alerts

    private void raise(AlertDraft draft, Clock clock) {
        String alertId = draft.alertId();
        List<String> existing = jdbc.queryForList("SELECT status FROM fraud_alert WHERE alert_id = ?", String.class,
                alertId);
        if (existing.isEmpty()) {
            Map<String, Object> pending = jdbc.queryForList("SELECT disposition, reason, auditor "
                    + "FROM fraud_pending_disposition WHERE alert_id = ?", alertId).stream().findFirst().orElse(null);
            clock.raisedSeq++;
            clock.changed = true;
            jdbc.update("INSERT INTO fraud_alert (alert_id, rule_id, severity, status, subject_kind, subject_ref, "
                            + "alert_window, region_code, summary_zh, summary_en, raised_at, raised_seq, "
                            + "disposition_reason, dispositioned_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    alertId, draft.ruleId(), draft.severity().name(),
                    pending == null ? AlertStatus.OPEN.name() : pending.get("disposition"),
                    draft.subjectKind(), draft.subjectRef(), draft.window(), draft.regionCode(), draft.summaryZh(),
                    draft.summaryEn(), clock.nowMicros, clock.raisedSeq,
                    pending == null ? null : pending.get("reason"), pending == null ? null : pending.get("auditor"));
            if (pending != null) {
                jdbc.update("DELETE FROM fraud_pending_disposition WHERE alert_id = ?", alertId);
            }
            listener.raised(draft.ruleId(), draft.severity());
        } else {
            // New evidence may make a case graver (R13: a missing dismantling, then an unqualified
            // recycler); an alert keeps the gravest severity it was ever raised with.
            jdbc.update("UPDATE fraud_alert SET summary_zh = ?, summary_en = ?, severity = CASE WHEN ? < "
                            + "CASE severity WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END THEN ? ELSE severity END "
                            + "WHERE alert_id = ?", draft.summaryZh(), draft.summaryEn(), draft.severity().ordinal(),
                    draft.severity().name(), alertId);
        }
        Set<String> known = existing.isEmpty() ? Set.of() : new java.util.HashSet<>(jdbc.queryForList(
                "SELECT ledger_event_id FROM fraud_alert_evidence WHERE alert_id = ?", String.class, alertId));
        List<Object[]> added = new ArrayList<>();
        for (String evidence : new LinkedHashSet<>(draft.evidence())) {
            if (!known.contains(evidence)) {
                clock.raisedSeq++;
                clock.changed = true;
                added.add(new Object[]{alertId, evidence, clock.raisedSeq});
            }
        }
        if (!added.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO fraud_alert_evidence (alert_id, ledger_event_id, evidence_seq) VALUES (?,?,?)",
                    added);
            jdbc.update("UPDATE fraud_alert SET evidence_count = evidence_count + ? WHERE alert_id = ?", added.size(),
                    alertId);
        }
    }

    private void disposition(AlertDispositioned disposition) {
        int updated = jdbc.update("UPDATE fraud_alert SET status = ?, disposition_reason = ?, dispositioned_by = ? "
                        + "WHERE alert_id = ?", disposition.disposition().name(), disposition.reason(),
                disposition.auditor(), disposition.alertId());
        if (updated == 0) {
            jdbc.update("DELETE FROM fraud_pending_disposition WHERE alert_id = ?", disposition.alertId());
            jdbc.update("INSERT INTO fraud_pending_disposition (alert_id, disposition, reason, auditor) VALUES (?,?,?,?)",
                    disposition.alertId(), disposition.disposition().name(), disposition.reason(),
                    disposition.auditor());
        }
    }

    // ---- queries

    private static final RowMapper<AlertView> ALERT = (rs, row) -> new AlertView(
            rs.getString("alert_id"), rs.getString("rule_id"), Severity.valueOf(rs.getString("severity")),
            AlertStatus.valueOf(rs.getString("status")),
            new AlertView.Subject(rs.getString("subject_kind"), rs.getString("subject_ref")),
            rs.getString("summary_zh") + " / " + rs.getString("summary_en"), rs.getString("summary_zh"),
            rs.getString("summary_en"), List.of(), rs.getLong("evidence_count"),
            Bitemporal.fromMicros(rs.getLong("raised_at")),
            rs.getString("region_code"), rs.getString("alert_window"), rs.getString("disposition_reason"),
            rs.getString("dispositioned_by"));

    public AlertsView alerts(FindAlertsQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM fraud_alert WHERE raised_seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(query.afterKey() == null ? -1L : Long.parseLong(query.afterKey()));
        if (query.ruleId() != null) {
            sql.append(" AND rule_id = ?");
            args.add(query.ruleId());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            args.add(query.status().name());
        }
        if (query.severity() != null) {
            sql.append(" AND severity = ?");
            args.add(query.severity().name());
        }
        if (query.regionCode() != null) {
            sql.append(" AND region_code = ?");
            args.add(query.regionCode());
        }
        sql.append(" ORDER BY raised_seq LIMIT ?");
        args.add(query.limit() + 1);
        List<AlertView> page = jdbc.query(sql.toString(), ALERT, args.toArray());
        String nextKey = null;
        if (page.size() > query.limit()) {
            page = page.subList(0, query.limit());
            nextKey = Long.toString(raisedSeq(page.get(page.size() - 1).alertId()));
        }
        return new AlertsView(withEvidence(page), nextKey);
    }

    public java.util.Optional<AlertView> alert(String alertId) {
        return withEvidence(jdbc.query("SELECT * FROM fraud_alert WHERE alert_id = ?", ALERT, alertId))
                .stream().findFirst();
    }

    public List<RuleView> catalogue() {
        return rules.stream().map(r -> new RuleView(r.id(), r.name(), r.severity(), r.parameters())).toList();
    }

    private long raisedSeq(String alertId) {
        Long seq = jdbc.queryForObject("SELECT raised_seq FROM fraud_alert WHERE alert_id = ?", Long.class, alertId);
        return seq == null ? -1 : seq;
    }

    private List<AlertView> withEvidence(List<AlertView> alerts) {
        if (alerts.isEmpty()) {
            return alerts;
        }
        Map<String, List<String>> evidence = new LinkedHashMap<>();
        alerts.forEach(a -> evidence.put(a.alertId(), new ArrayList<>()));
        jdbc.query("SELECT alert_id, ledger_event_id FROM fraud_alert_evidence WHERE alert_id IN ("
                        + "?,".repeat(alerts.size() - 1) + "?) ORDER BY evidence_seq",
                rs -> {
                    evidence.get(rs.getString(1)).add(rs.getString(2));
                }, evidence.keySet().toArray());
        return alerts.stream().map(a -> new AlertView(a.alertId(), a.ruleId(), a.severity(), a.status(), a.subject(),
                a.summary(), a.summaryZh(), a.summaryEn(), List.copyOf(evidence.get(a.alertId())), a.evidenceCount(),
                a.raisedAt(),
                a.regionCode(), a.window(), a.dispositionReason(), a.dispositionedBy())).toList();
    }

    // ---- the event-time clock

    /** "Now" in event time, the last business day seen, and the counter that orders alerts. */
    private static final class Clock {
        LocalDate today;
        long nowMicros = Long.MIN_VALUE;
        long raisedSeq;
        boolean changed;
    }

    private Clock clock() {
        if (!CurrentUnitOfWork.isStarted()) {
            if (standaloneClock == null) {
                standaloneClock = load();
            }
            return standaloneClock;
        }
        // The live view reads its clock once per batch and writes it back with the batch, so that a
        // batch that rolls back leaves the clock where it was.
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(CLOCK_RESOURCE, key -> {
            Clock clock = load();
            root.onPrepareCommit(u -> {
                if (clock.changed) {
                    persist(clock);
                }
            });
            return clock;
        });
    }

    private Clock load() {
        Clock clock = new Clock();
        jdbc.query("SELECT now_micros, raised_seq FROM fraud_clock WHERE id = 1", rs -> {
            clock.nowMicros = rs.getLong(1);
            clock.raisedSeq = rs.getLong(2);
            clock.today = Bitemporal.fromMicros(clock.nowMicros).atZone(RecordedEvent.SHANGHAI).toLocalDate();
        });
        return clock;
    }

    private void persist(Clock clock) {
        int updated = jdbc.update("UPDATE fraud_clock SET now_micros = ?, raised_seq = ? WHERE id = 1",
                clock.nowMicros, clock.raisedSeq);
        if (updated == 0) {
            jdbc.update("INSERT INTO fraud_clock (id, now_micros, raised_seq) VALUES (1, ?, ?)",
                    clock.nowMicros, clock.raisedSeq);
        }
        clock.changed = false;
    }

    /** What a rule sees while one event is handled. */
    private final class Context implements RuleContext {

        private final Clock clock;

        Context(Clock clock) {
            this.clock = clock;
        }

        @Override
        public JdbcTemplate jdbc() {
            return jdbc;
        }

        @Override
        public PolicyTable policy() {
            return policy;
        }

        @Override
        public RegionTable regions() {
            return regions;
        }

        @Override
        public Instant now() {
            return Bitemporal.fromMicros(clock.nowMicros);
        }

        @Override
        public LocalDate today() {
            return clock.today;
        }

        @Override
        public void raise(AlertDraft draft) {
            FraudView.this.raise(draft, clock);
        }
    }
}
