package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fraud view's alerts, their evidence and the dispositions that arrived before their alert
 * (tables {@code fraud_alert}, {@code fraud_alert_evidence}, {@code fraud_pending_disposition}).
 * <p>
 * No rule reads alerts, so a batch only records what was raised and dispositioned, in order, with
 * the event-time "now" of each raise ({@link Batch}). When the batch is flushed the store reads the
 * batch's alerts, the evidence rows they keep and their pending dispositions with a few chunked
 * queries, replays the record in order — numbering alerts and evidence from the event-time clock
 * exactly as raising them one at a time did — and writes the result with JDBC batches.
 * <p>
 * Evidence is bounded: an alert keeps its first N and its latest N evidence events (by
 * {@code evidence_seq}) and the count of all of them ({@code evidence_count}); an event that falls
 * out of the latest N is deleted. The rest stays in the event store. The one approximation: an event
 * dropped from the middle is no longer known to the alert, so a rule that names it again later adds
 * it again, as new evidence, and counts it again.
 */
final class AlertStore {

    private final JdbcTemplate jdbc;
    private final AlertListener listener;
    private final int evidenceBound;

    AlertStore(JdbcTemplate jdbc, AlertListener listener, int evidenceBound) {
        if (evidenceBound < 1) {
            throw new IllegalArgumentException("evidenceBound must be at least 1");
        }
        this.jdbc = jdbc;
        this.listener = listener;
        this.evidenceBound = evidenceBound;
    }

    Batch batch() {
        return new Batch();
    }

    /** What one batch raised and dispositioned, in order. */
    final class Batch implements AlertSink {

        private sealed interface Entry permits Raised, Dispositioned {
        }

        private record Raised(AlertDraft draft, String alertId, long nowMicros) implements Entry {
        }

        private record Dispositioned(AlertDispositioned disposition) implements Entry {
        }

        private final List<Entry> entries = new ArrayList<>();

        @Override
        public void raise(AlertDraft draft, long nowMicros) {
            entries.add(new Raised(draft, draft.alertId(), nowMicros));
        }

        void disposition(AlertDispositioned disposition) {
            entries.add(new Dispositioned(disposition));
        }

        /** Replays the batch against the stored alerts and writes the result. */
        void flush(EventTimeClock clock) {
            if (entries.isEmpty()) {
                return;
            }
            Set<String> ids = new LinkedHashSet<>();
            Set<String> raisedIds = new LinkedHashSet<>();
            for (Entry entry : entries) {
                if (entry instanceof Raised raised) {
                    ids.add(raised.alertId());
                    raisedIds.add(raised.alertId());
                } else if (entry instanceof Dispositioned d) {
                    ids.add(d.disposition().alertId());
                }
            }
            Map<String, Alert> alerts = new HashMap<>();
            PendingWrites.select(jdbc, "SELECT alert_id, severity, status, summary_zh, summary_en, "
                    + "disposition_reason, dispositioned_by, evidence_count FROM fraud_alert WHERE alert_id IN ", "",
                    ids, rs -> {
                Alert alert = new Alert(rs.getString(1), false);
                alert.severity = rs.getString(2);
                alert.status = rs.getString(3);
                alert.summaryZh = rs.getString(4);
                alert.summaryEn = rs.getString(5);
                alert.reason = rs.getString(6);
                alert.auditor = rs.getString(7);
                alert.evidenceCount = rs.getLong(8);
                alerts.put(alert.alertId, alert);
            });
            // The evidence the raised alerts keep: at most 2N rows each, read in evidence order.
            Map<String, List<Kept>> stored = new HashMap<>();
            PendingWrites.select(jdbc, "SELECT alert_id, ledger_event_id, evidence_seq FROM fraud_alert_evidence "
                    + "WHERE alert_id IN ", "", raisedIds.stream().filter(alerts::containsKey).toList(),
                    rs -> stored.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Kept(rs.getString(2), rs.getLong(3), true)));
            stored.forEach((alertId, rows) -> {
                rows.sort(Comparator.comparingLong(Kept::seq));
                alerts.get(alertId).evidence = new Evidence(rows);
            });
            Map<String, Pending> pendingStored = new HashMap<>();
            List<String> unknown = ids.stream().filter(id -> !alerts.containsKey(id)).toList();
            PendingWrites.select(jdbc, "SELECT alert_id, disposition, reason, auditor FROM fraud_pending_disposition "
                    + "WHERE alert_id IN ", "", unknown, rs -> pendingStored.put(rs.getString(1),
                    new Pending(rs.getString(2), rs.getString(3), rs.getString(4))));
            Map<String, Pending> pending = new HashMap<>(pendingStored);

            List<Object[]> evidenceDeletes = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry instanceof Raised raised) {
                    raise(raised, alerts, pending, evidenceDeletes, clock);
                } else if (entry instanceof Dispositioned d) {
                    AlertDispositioned disposition = d.disposition();
                    Alert alert = alerts.get(disposition.alertId());
                    if (alert != null) {
                        alert.status = disposition.disposition().name();
                        alert.reason = disposition.reason();
                        alert.auditor = disposition.auditor();
                        alert.changed = true;
                    } else {
                        pending.put(disposition.alertId(), new Pending(disposition.disposition().name(),
                                disposition.reason(), disposition.auditor()));
                    }
                }
            }
            write(alerts.values(), evidenceDeletes, pendingStored, pending);
            entries.clear();
        }

        private void raise(Raised raised, Map<String, Alert> alerts, Map<String, Pending> pending,
                           List<Object[]> evidenceDeletes, EventTimeClock clock) {
            AlertDraft draft = raised.draft();
            String alertId = raised.alertId();
            Alert alert = alerts.get(alertId);
            if (alert == null) {
                alert = new Alert(alertId, true);
                Pending before = pending.remove(alertId);
                alert.draft = draft;
                alert.raisedAt = raised.nowMicros();
                alert.raisedSeq = clock.nextSeq();
                alert.severity = draft.severity().name();
                alert.status = before == null ? AlertStatus.OPEN.name() : before.disposition();
                alert.summaryZh = draft.summaryZh();
                alert.summaryEn = draft.summaryEn();
                alert.reason = before == null ? null : before.reason();
                alert.auditor = before == null ? null : before.auditor();
                alerts.put(alertId, alert);
                listener.raised(draft.ruleId(), draft.severity());
            } else {
                // New evidence may make a case graver (R13: a missing dismantling, then an unqualified
                // recycler); an alert keeps the gravest severity it was ever raised with.
                alert.summaryZh = draft.summaryZh();
                alert.summaryEn = draft.summaryEn();
                if (draft.severity().ordinal() < Severity.valueOf(alert.severity).ordinal()) {
                    alert.severity = draft.severity().name();
                }
                alert.changed = true;
            }
            if (alert.evidence == null) {
                alert.evidence = new Evidence(List.of());
            }
            Evidence evidence = alert.evidence;
            List<String> listed = draft.evidence();
            Set<String> named = new HashSet<>();
            for (int i = 0; i <= listed.size(); i++) {
                if (i == draft.omittedAfter() && draft.omitted() > 0) {
                    alert.evidenceCount += draft.omitted();
                    evidence.leaveOut(draft.omitted(), alertId, evidenceDeletes);
                }
                if (i < listed.size() && named.add(listed.get(i)) && !evidence.keeps(listed.get(i))) {
                    alert.evidenceCount++;
                    evidence.add(new Kept(listed.get(i), clock.nextSeq(), false), alertId, evidenceDeletes);
                }
            }
            if (evidence.leftOut > 0) {
                throw new IllegalStateException("rule " + draft.ruleId() + " left out evidence of alert " + alertId
                        + " that its latest " + evidenceBound + " would keep");
            }
        }

        private void write(Iterable<Alert> alerts, List<Object[]> evidenceDeletes, Map<String, Pending> pendingStored,
                           Map<String, Pending> pending) {
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            List<Object[]> evidenceRows = new ArrayList<>();
            for (Alert alert : alerts) {
                if (alert.inserted) {
                    AlertDraft d = alert.draft;
                    inserts.add(new Object[]{alert.alertId, d.ruleId(), alert.severity, alert.status, d.subjectKind(),
                            d.subjectRef(), d.window(), d.regionCode(), alert.summaryZh, alert.summaryEn,
                            alert.raisedAt, alert.raisedSeq, alert.reason, alert.auditor, alert.evidenceCount});
                } else if (alert.changed) {
                    updates.add(new Object[]{alert.severity, alert.status, alert.summaryZh, alert.summaryEn,
                            alert.reason, alert.auditor, alert.evidenceCount, alert.alertId});
                }
                if (alert.evidence != null) {
                    alert.evidence.inserts(alert.alertId, evidenceRows);
                }
            }
            List<Object[]> pendingDeletes = new ArrayList<>();
            List<Object[]> pendingInserts = new ArrayList<>();
            pendingStored.forEach((id, before) -> {
                if (!before.equals(pending.get(id))) {
                    pendingDeletes.add(new Object[]{id});
                }
            });
            pending.forEach((id, after) -> {
                if (!after.equals(pendingStored.get(id))) {
                    pendingInserts.add(new Object[]{id, after.disposition(), after.reason(), after.auditor()});
                }
            });
            PendingWrites.batch(jdbc, "DELETE FROM fraud_pending_disposition WHERE alert_id = ?", pendingDeletes);
            PendingWrites.batch(jdbc, "INSERT INTO fraud_pending_disposition (alert_id, disposition, reason, auditor) "
                    + "VALUES (?,?,?,?)", pendingInserts);
            PendingWrites.batch(jdbc, "INSERT INTO fraud_alert (alert_id, rule_id, severity, status, subject_kind, "
                    + "subject_ref, alert_window, region_code, summary_zh, summary_en, raised_at, raised_seq, "
                    + "disposition_reason, dispositioned_by, evidence_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    inserts);
            PendingWrites.batch(jdbc, "UPDATE fraud_alert SET severity = ?, status = ?, summary_zh = ?, summary_en = ?, "
                    + "disposition_reason = ?, dispositioned_by = ?, evidence_count = ? WHERE alert_id = ?", updates);
            // Deleted first: an event dropped from the latest N and named again in the batch comes back as a new row.
            PendingWrites.batch(jdbc, "DELETE FROM fraud_alert_evidence WHERE alert_id = ? AND ledger_event_id = ?",
                    evidenceDeletes);
            PendingWrites.batch(jdbc, "INSERT INTO fraud_alert_evidence (alert_id, ledger_event_id, evidence_seq) "
                    + "VALUES (?,?,?)", evidenceRows);
        }
    }

    /** One alert as the batch sees it; {@code inserted} when the batch raised it first. */
    private static final class Alert {
        final String alertId;
        final boolean inserted;
        AlertDraft draft;
        long raisedAt;
        long raisedSeq;
        String severity;
        String status;
        String summaryZh;
        String summaryEn;
        String reason;
        String auditor;
        long evidenceCount;
        /** The evidence kept, once the batch raised the alert. */
        Evidence evidence;
        boolean changed;

        Alert(String alertId, boolean inserted) {
            this.alertId = alertId;
            this.inserted = inserted;
        }
    }

    private record Pending(String disposition, String reason, String auditor) {
    }

    /**
     * The evidence rows one alert keeps: its first N and its latest N (by {@code evidence_seq}).
     * Events a draft left out stand in the latest N as rows without an id until later ones push them
     * out.
     */
    private final class Evidence {
        final List<Kept> first = new ArrayList<>();
        final Deque<Kept> latest = new ArrayDeque<>();
        final Set<String> ids = new HashSet<>();
        int leftOut;

        /** The stored rows in evidence order; an alert stored before the bound may hold more than 2N. */
        Evidence(List<Kept> rows) {
            for (Kept row : rows) {
                (first.size() < evidenceBound ? first : latest).add(row);
                ids.add(row.ledgerEventId());
            }
        }

        boolean keeps(String ledgerEventId) {
            return ids.contains(ledgerEventId);
        }

        void add(Kept row, String alertId, List<Object[]> deletes) {
            if (row.ledgerEventId() != null) {
                ids.add(row.ledgerEventId());
            }
            if (first.size() < evidenceBound) {
                first.add(row);
                return;
            }
            latest.addLast(row);
            while (latest.size() > evidenceBound) {
                Kept dropped = latest.removeFirst();
                if (dropped.ledgerEventId() == null) {
                    leftOut--;
                } else {
                    ids.remove(dropped.ledgerEventId());
                    if (dropped.stored()) {
                        deletes.add(new Object[]{alertId, dropped.ledgerEventId()});
                    }
                }
            }
        }

        /** Events a draft did not list: they come after every kept one, and only the count keeps them. */
        void leaveOut(long omitted, String alertId, List<Object[]> deletes) {
            if (first.size() < evidenceBound) {
                throw new IllegalStateException("a draft left out evidence of alert " + alertId
                        + " before naming its first " + evidenceBound);
            }
            for (long i = 0; i < Math.min(omitted, evidenceBound); i++) {
                leftOut++;
                add(new Kept(null, 0, false), alertId, deletes);
            }
        }

        /** The rows to insert: kept, and not stored yet. */
        void inserts(String alertId, List<Object[]> rows) {
            for (Kept row : first) {
                if (!row.stored()) {
                    rows.add(new Object[]{alertId, row.ledgerEventId(), row.seq()});
                }
            }
            for (Kept row : latest) {
                if (!row.stored()) {
                    rows.add(new Object[]{alertId, row.ledgerEventId(), row.seq()});
                }
            }
        }
    }

    /** One evidence row of an alert; an event a draft left out has no id. */
    private record Kept(String ledgerEventId, long seq, boolean stored) {
    }

    /** The alert tables, cleared with the view's for a rebuild. */
    static final List<String> TABLES = List.of("fraud_alert_evidence", "fraud_alert", "fraud_pending_disposition");

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

    AlertsView alerts(FindAlertsQuery query) {
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
        if (query.raisedFrom() != null) {
            sql.append(" AND raised_at >= ?");
            args.add(Bitemporal.micros(query.raisedFrom()));
        }
        if (query.raisedTo() != null) {
            sql.append(" AND raised_at < ?");
            args.add(Bitemporal.micros(query.raisedTo()));
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

    /**
     * The merchant's alerts ({@link FindMerchantAlertsQuery}): subjects {@code merchantId|…} are the
     * range from {@code merchantId|} up to {@code merchantId}} ('}' follows '|'), which the subject
     * index serves.
     */
    List<AlertView> merchantAlerts(FindMerchantAlertsQuery query) {
        String from = query.enterpriseId() + "|";
        String to = query.enterpriseId() + "}";
        return withEvidence(jdbc.query("SELECT * FROM fraud_alert WHERE subject_ref >= ? AND subject_ref < ? "
                + "AND subject_kind LIKE 'merchant-%' ORDER BY raised_seq LIMIT ?", ALERT, from, to, query.limit()));
    }

    Optional<AlertView> alert(String alertId) {
        return withEvidence(jdbc.query("SELECT * FROM fraud_alert WHERE alert_id = ?", ALERT, alertId))
                .stream().findFirst();
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
}
