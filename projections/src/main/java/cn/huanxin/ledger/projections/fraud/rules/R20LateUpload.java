package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R20 数据补传: events uploaded long after they happened — {@code recordedAt − occurredAt} more than
 * L (24 hours) — by a source that is not a declared backfill importer, and bursts of more than B
 * (500) such events from one source in one calendar hour of recording (Asia/Shanghai). Inspection
 * and audit reporting on the trade-in programme describes sales and collections entered after the
 * fact (事后补录, 倒签) to fit claims to a window or a quota, and platforms pushing batches of
 * back-dated records just before a settlement; a steady stream of late data also defeats real-time
 * supervision. A single late event is an alert about that event; a burst is one alert per source
 * and hour (the window), naming every late event of that hour — the crossing alert names all of
 * them, and each later one of the same hour is added to it. Events from a backfill client
 * ({@link RecordedEvent#backfill()}) are never judged.
 */
public final class R20LateUpload implements FraudRule {

    private static final String ID = "R20";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

    private final int lateHours;
    private final int burstLimit;
    private final Duration late;
    private final RuleDescriptor descriptor;

    public R20LateUpload(RuleSettings settings) {
        this.lateHours = settings.integer(ID, "late-hours", 24);
        this.burstLimit = settings.integer(ID, "burst-limit", 500);
        if (lateHours < 0 || burstLimit < 0) {
            throw new IllegalArgumentException("R20.late-hours and R20.burst-limit must not be negative");
        }
        this.late = Duration.ofHours(lateHours);
        this.descriptor = new RuleDescriptor(ID, "数据补传 late upload", Severity.LOW,
                Set.of(LedgerFact.class), List.of("fraud_r20_hour", "fraud_r20_late"))
                .withParameter("late-hours", Integer.toString(lateHours))
                .withParameter("burst-limit", Integer.toString(burstLimit));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc) {
        Map<String, Set<String>> hoursBySource = new LinkedHashMap<>();
        for (FraudEvent item : events) {
            RecordedEvent event = item.event();
            if (!event.backfill() && Duration.between(event.occurredAt(), event.recordedAt()).compareTo(late) > 0) {
                hoursBySource.computeIfAbsent(source(event), k -> new LinkedHashSet<>()).add(hour(event));
            }
        }
        Batch batch = new Batch(jdbc);
        hoursBySource.forEach((source, hours) -> PendingWrites.select(jdbc, List.of(source),
                "SELECT recorded_hour, late_count FROM fraud_r20_hour WHERE source_name = ? AND recorded_hour IN ", "",
                hours, rs -> batch.counts.loaded(new SourceHour(source, rs.getString(1)), rs.getLong(2))));
        return batch;
    }

    private static String source(RecordedEvent event) {
        return event.source() == null ? "" : event.source();
    }

    private static String hour(RecordedEvent event) {
        return event.recordedAt().atZone(RecordedEvent.SHANGHAI).format(HOUR);
    }

    private record SourceHour(String source, String hour) {
    }

    /** The late counts of the batch's sources and hours; the late events themselves are written in order. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final NetRows<SourceHour, Long> counts = new NetRows<>(
                "INSERT INTO fraud_r20_hour (source_name, recorded_hour, late_count) VALUES (?,?,?)",
                (k, count) -> new Object[]{k.source(), k.hour(), count},
                "UPDATE fraud_r20_hour SET late_count = ? WHERE source_name = ? AND recorded_hour = ?",
                (k, count) -> new Object[]{count, k.source(), k.hour()},
                "DELETE FROM fraud_r20_hour WHERE source_name = ? AND recorded_hour = ?",
                k -> new Object[]{k.source(), k.hour()});
        private final PendingWrites lateEvents;

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.lateEvents = new PendingWrites(jdbc);
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (event.backfill()) {
                return;
            }
            Duration delay = Duration.between(event.occurredAt(), event.recordedAt());
            if (delay.compareTo(late) <= 0) {
                return;
            }
            String source = source(event);
            String hour = hour(event);
            context.raise(new AlertDraft(ID, Severity.LOW, "event", event.ledgerEventId(), null, null,
                    "事件 " + event.type() + "（来源 " + source + "）发生于 " + event.occurredAt()
                            .atZone(RecordedEvent.SHANGHAI).toLocalDateTime() + "，迟至 " + hours(delay) + " 小时后才上传",
                    "a " + event.type() + " event from " + source + " that occurred at "
                            + event.occurredAt().atZone(RecordedEvent.SHANGHAI).toLocalDateTime() + " was recorded "
                            + hours(delay) + " hours later",
                    List.of(event.ledgerEventId())));

            SourceHour key = new SourceHour(source, hour);
            Long before = counts.get(key);
            long count = (before == null ? 0 : before) + 1;
            counts.put(key, count);
            List<String> evidence = new ArrayList<>();
            if (count <= burstLimit) {
                // Kept only until the hour crosses the limit; after that each late event joins the alert itself.
                lateEvents.add("INSERT INTO fraud_r20_late (source_name, recorded_hour, seq, ledger_event_id) "
                        + "VALUES (?,?,?,?)", source, hour, count, event.ledgerEventId());
                return;
            }
            if (count == burstLimit + 1L) {
                // Rare: the hour crosses the limit, so the late events kept for it are read back once.
                lateEvents.flush();
                evidence.addAll(jdbc.queryForList("SELECT ledger_event_id FROM fraud_r20_late "
                        + "WHERE source_name = ? AND recorded_hour = ? ORDER BY seq", String.class, source, hour));
                lateEvents.add("DELETE FROM fraud_r20_late WHERE source_name = ? AND recorded_hour = ?", source, hour);
            }
            evidence.add(event.ledgerEventId());
            context.raise(new AlertDraft(ID, Severity.LOW, "source-hour", source + "|" + hour, hour, null,
                    "来源 " + source + " 在 " + hour.replace('T', ' ') + " 时内上传迟报事件 " + count + " 条，超过 "
                            + burstLimit + " 条",
                    "source " + source + " uploaded " + count + " late events in the hour " + hour + ", more than "
                            + burstLimit,
                    evidence));
        }

        @Override
        public void flush() {
            counts.flush(jdbc);
            lateEvents.flush();
        }
    }

    private static String hours(Duration delay) {
        return Long.toString(delay.toHours());
    }
}
