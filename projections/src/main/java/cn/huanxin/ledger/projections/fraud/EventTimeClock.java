package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The fraud view's event-time clock: "now" (the largest {@code occurredAt} seen), the business day
 * of now, and the counter that orders alerts and their evidence ({@code raised_seq}). It is never
 * the wall clock, so a replay moves it exactly as the first run did. The engine holds it in memory
 * for a batch and writes it once, with the batch, in table {@code fraud_clock}.
 */
final class EventTimeClock {

    private LocalDate today;
    private long nowMicros = Long.MIN_VALUE;
    private long raisedSeq;
    private boolean changed;

    /** Reads the clock the view last wrote, or a clock that has seen nothing. */
    static EventTimeClock load(JdbcTemplate jdbc) {
        EventTimeClock clock = new EventTimeClock();
        jdbc.query("SELECT now_micros, raised_seq FROM fraud_clock WHERE id = 1", rs -> {
            clock.nowMicros = rs.getLong(1);
            clock.raisedSeq = rs.getLong(2);
            clock.today = Bitemporal.fromMicros(clock.nowMicros).atZone(RecordedEvent.SHANGHAI).toLocalDate();
        });
        return clock;
    }

    /**
     * Moves the clock to the event.
     *
     * @return true when the event starts a later business day, so deadline checks must run first
     */
    boolean advance(RecordedEvent event) {
        LocalDate day = event.occurredOn();
        long occurred = Bitemporal.micros(event.occurredAt());
        if (today == null || day.isAfter(today)) {
            nowMicros = Math.max(nowMicros, occurred);
            today = day;
            changed = true;
            return true;
        }
        if (occurred > nowMicros) {
            nowMicros = occurred;
            changed = true;
        }
        return false;
    }

    LocalDate today() {
        return today;
    }

    long nowMicros() {
        return nowMicros;
    }

    Instant now() {
        return Bitemporal.fromMicros(nowMicros);
    }

    /** The next number in the order of alerts and evidence. */
    long nextSeq() {
        changed = true;
        return ++raisedSeq;
    }

    /** Writes the clock when it moved since it was read or last written. */
    void persistIfChanged(JdbcTemplate jdbc) {
        if (!changed) {
            return;
        }
        int updated = jdbc.update("UPDATE fraud_clock SET now_micros = ?, raised_seq = ? WHERE id = 1",
                nowMicros, raisedSeq);
        if (updated == 0) {
            jdbc.update("INSERT INTO fraud_clock (id, now_micros, raised_seq) VALUES (1, ?, ?)", nowMicros, raisedSeq);
        }
        changed = false;
    }
}
