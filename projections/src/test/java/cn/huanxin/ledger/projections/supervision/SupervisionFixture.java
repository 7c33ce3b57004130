package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.TestEvents;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Feeds events to a {@link SupervisionProjection} through Axon's annotation adapter — so the
 * {@code @EventHandler}, {@code @ResetHandler} and parameter wiring are what the processor would use —
 * and asks it questions.
 */
final class SupervisionFixture {

    /** How long after it occurred an event is recorded, unless a test says otherwise. */
    static final Duration RECORDING_DELAY = Duration.ofMinutes(1);

    final JdbcTemplate jdbc;
    final SupervisionProjection projection;
    private final AnnotationEventHandlerAdapter adapter;
    private final TestEvents events = new TestEvents();
    private final List<DomainEventMessage<?>> fed = new ArrayList<>();
    private int ticks;

    SupervisionFixture(JdbcTemplate jdbc, TargetCatalog catalog, TraceDeadlines deadlines) {
        this.jdbc = jdbc;
        this.projection = new SupervisionProjection(jdbc, catalog, deadlines);
        this.adapter = new AnnotationEventHandlerAdapter(projection);
        reset();
    }

    /** The fact occurred at 10:00 on the day (Asia/Shanghai) and was recorded a minute later. */
    DomainEventMessage<?> feed(LedgerFact fact, String day) {
        Instant occurredAt = Sample.at(day);
        return feed(fact, occurredAt, occurredAt.plus(RECORDING_DELAY));
    }

    DomainEventMessage<?> feed(LedgerFact fact, Instant occurredAt, Instant recordedAt) {
        DomainEventMessage<?> message = message(fact, occurredAt, recordedAt);
        deliver(message);
        fed.add(message);
        return message;
    }

    /** The message the fixture would feed, with the stream's next sequence number, not delivered yet. */
    DomainEventMessage<?> message(LedgerFact fact, Instant occurredAt, Instant recordedAt) {
        return events.message(fact, occurredAt, recordedAt);
    }

    /** Moves "now" (the largest occurredAt seen) with an event that concerns nothing traced. */
    void tick(Instant occurredAt) {
        feed(Sample.appropriated("CLOCK", "TICK-" + (++ticks), "1.00"), occurredAt, occurredAt.plus(RECORDING_DELAY));
    }

    void tick(String day, String time) {
        tick(Sample.at(day, time));
    }

    void deliver(EventMessage<?> message) {
        try {
            adapter.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<DomainEventMessage<?>> fed() {
        return List.copyOf(fed);
    }

    void reset() {
        adapter.prepareReset();
    }

    Optional<TraceView> trace(TraceKind kind, String ref) {
        return trace(kind, ref, Bitemporal.EVERYTHING);
    }

    /**
     * The trace, whose every {@code missing} entry must read back as stages and {@link BreakReason}s:
     * so every reason a chain writes in a test can be said in another language.
     */
    Optional<TraceView> trace(TraceKind kind, String ref, Bitemporal time) {
        Optional<TraceView> view = projection.handle(new FindTraceQuery(kind, ref, time));
        view.ifPresent(trace -> trace.missing().forEach(entry -> {
            if (!BreakReason.explains(entry)) {
                throw new AssertionError("a missing entry no BreakReason reads: " + entry);
            }
        }));
        return view;
    }

    TraceView traced(TraceKind kind, String ref) {
        return trace(kind, ref).orElseThrow(() -> new AssertionError("no trace of " + kind + " " + ref));
    }

    TraceView traced(TraceKind kind, String ref, Bitemporal time) {
        return trace(kind, ref, time).orElseThrow(() -> new AssertionError("no trace of " + kind + " " + ref));
    }

    List<TargetRow> targets(int year) {
        return targets(year, Bitemporal.EVERYTHING);
    }

    List<TargetRow> targets(int year, Bitemporal time) {
        return projection.handle(new FindTargetsQuery(year, time));
    }

    long count(String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    /** A SHA-256 over every column of every row of the projection's tables, in key order. */
    String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            digestTable(sha, "SELECT * FROM supervision_event ORDER BY ledger_event_id");
            digestTable(sha, "SELECT * FROM supervision_link ORDER BY subject_kind, subject_ref, ledger_event_id");
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void digestTable(MessageDigest sha, String sql) {
        jdbc.query(sql, rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.append(meta.getColumnLabel(i).toLowerCase()).append('=').append(rs.getString(i)).append('|');
            }
            sha.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        });
    }
}
