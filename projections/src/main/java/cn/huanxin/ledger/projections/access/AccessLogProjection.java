package cn.huanxin.ledger.projections.access;

import cn.huanxin.ledger.core.access.SensitiveReadRecorded;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The access log: every sensitive read ({@link SensitiveReadRecorded}) with who, when, which
 * endpoint and which subject, for the discipline office and the operators. Its rows are a view like
 * any other; what makes the log tamper-evident is that each read is a sealed event, so a read
 * removed from the event store is caught by verification, and this view can always be rebuilt.
 * The time shown is when the ledger recorded the read.
 */
@ProcessingGroup("access")
public class AccessLogProjection {

    private final JdbcTemplate jdbc;

    public AccessLogProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SensitiveReadRecorded read, EventMessage<?> message) {
        RecordedEvent event = RecordedEvent.of(message);
        jdbc.update("INSERT INTO access_log (ledger_event_id, at_micros, actor, endpoint, subject_kind, subject_ref) "
                        + "VALUES (?,?,?,?,?,?)", event.ledgerEventId(), Bitemporal.micros(event.recordedAt()),
                read.actor(), read.endpoint(), read.subjectKind(), read.subjectRef());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM access_log");
    }

    private static final RowMapper<AccessLogEntry> ROW = (rs, row) -> new AccessLogEntry(
            Bitemporal.fromMicros(rs.getLong("at_micros")), rs.getString("actor"), rs.getString("endpoint"),
            new AccessLogEntry.Subject(rs.getString("subject_kind"), rs.getString("subject_ref")),
            rs.getString("ledger_event_id"));

    @QueryHandler
    AccessLogPage page(FindAccessLogQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM access_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.afterKey() != null) {
            String[] key = query.afterKey().split("\\|", 2);
            if (key.length != 2) {
                throw new IllegalArgumentException("cursor: not a cursor of the access log");
            }
            long micros;
            try {
                micros = Long.parseLong(key[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor: not a cursor of the access log");
            }
            sql.append(" AND (at_micros > ? OR (at_micros = ? AND ledger_event_id > ?))");
            args.add(micros);
            args.add(micros);
            args.add(key[1]);
        }
        if (query.from() != null) {
            sql.append(" AND at_micros >= ?");
            args.add(Bitemporal.micros(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND at_micros < ?");
            args.add(Bitemporal.micros(query.to()));
        }
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(query.actor());
        }
        if (query.kind() != null) {
            sql.append(" AND subject_kind = ?");
            args.add(query.kind());
        }
        sql.append(" ORDER BY at_micros, ledger_event_id LIMIT ?");
        args.add(query.limit() + 1);
        List<AccessLogEntry> rows = jdbc.query(sql.toString(), ROW, args.toArray());
        String nextKey = null;
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            AccessLogEntry last = rows.get(rows.size() - 1);
            nextKey = Bitemporal.micros(last.at()) + "|" + last.ledgerEventId();
        }
        return new AccessLogPage(List.copyOf(rows), nextKey);
    }
}
