package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Counts the plan's targets within a bitemporal filter: from the running totals when they can answer
 * ({@link TargetTotals}: no filter, or {@code asOf} alone), else with SQL over {@code supervision_event},
 * which defines the answer. A year is the Asia/Shanghai calendar year of {@code occurredAt}; a
 * cumulative target counts every event before the end of its year.
 */
final class TargetCounter {

    /** Progress is a fraction with this many decimal places (1 = 100 %). */
    static final int PROGRESS_SCALE = 4;

    private static final String E = SupervisionStore.EVENT_TABLE;

    private final JdbcTemplate jdbc;
    private final TargetTotals totals;

    TargetCounter(JdbcTemplate jdbc, TargetTotals totals) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.totals = Objects.requireNonNull(totals, "totals");
    }

    List<TargetRow> rows(List<TargetDefinition> targets, Bitemporal time) {
        return targets.stream().map(target -> row(target, time)).toList();
    }

    private TargetRow row(TargetDefinition target, Bitemporal time) {
        BigDecimal actual = totals.actual(target, time).orElseGet(() -> counted(target, time));
        BigDecimal progress = actual.divide(target.target(), PROGRESS_SCALE, RoundingMode.HALF_UP);
        return new TargetRow(target.taskNo(), target.domain(), target.leadDepartment(), target.measure(),
                target.unit(), target.target(), actual, progress);
    }

    /** The target's actual counted with SQL over the events, whatever the filter. */
    BigDecimal counted(TargetDefinition target, Bitemporal time) {
        int year = target.year();
        long yearStart = Bitemporal.micros(LocalDate.of(year, 1, 1).atStartOfDay(RecordedEvent.SHANGHAI).toInstant());
        long yearEnd = Bitemporal.micros(LocalDate.of(year + 1, 1, 1).atStartOfDay(RecordedEvent.SHANGHAI).toInstant());
        long from = target.cumulative() ? Long.MIN_VALUE : yearStart;
        long before = Math.min(yearEnd, time.occurredBeforeMicros());
        long known = time.knownAtMicros();
        Counting counting = target.counting();
        return switch (counting.rule()) {
            case EQUIPMENT_QUANTITY -> BigDecimal.valueOf(number(
                    "SELECT COALESCE(SUM(quantity), 0) FROM " + E + " WHERE event_type = ? AND equipment_category = ?"
                            + " AND occurred_at >= ? AND occurred_at < ? AND recorded_at <= ?",
                    EventRow.EQUIPMENT_RENEWED, counting.category().name(), from, before, known));
            case EQUIPMENT_INVESTMENT -> BigDecimal.valueOf(number(
                    "SELECT COALESCE(SUM(amount_fen), 0) FROM " + E + " WHERE event_type = ? AND equipment_category = ?"
                            + " AND occurred_at >= ? AND occurred_at < ? AND recorded_at <= ?",
                    EventRow.EQUIPMENT_RENEWED, counting.category().name(), from, before, known), 2);
            case VEHICLES_SCRAPPED -> BigDecimal.valueOf(number(
                    "SELECT COUNT(DISTINCT vin) FROM " + E + " WHERE event_type = ?"
                            + " AND occurred_at >= ? AND occurred_at < ? AND recorded_at <= ?",
                    EventRow.VEHICLE_SCRAPPED, from, before, known));
            case APPLIANCES_COLLECTED -> BigDecimal.valueOf(number(
                    "SELECT COUNT(*) FROM " + E + " WHERE event_type = ?"
                            + " AND occurred_at >= ? AND occurred_at < ? AND recorded_at <= ?",
                    EventRow.APPLIANCE_COLLECTED, from, before, known));
            // A grant counts unless its reversals known within the filter (of any date) reach its amount:
            // a partial reversal leaves a trade-in that happened.
            case APPLIANCE_TRADE_INS -> BigDecimal.valueOf(number(
                    "SELECT COUNT(*) FROM " + E + " g WHERE g.event_type = ? AND g.programme = ?"
                            + " AND g.occurred_at >= ? AND g.occurred_at < ? AND g.recorded_at <= ?"
                            + " AND g.amount_fen > COALESCE((SELECT SUM(r.amount_fen) FROM " + E + " r"
                            + " WHERE r.stream_id = g.stream_id AND r.event_type = ?"
                            + " AND r.occurred_at < ? AND r.recorded_at <= ?), 0)",
                    EventRow.SUBSIDY_GRANTED, Programme.APPLIANCE.name(), from, before, known,
                    EventRow.SUBSIDY_REVERSED, time.occurredBeforeMicros(), known));
            case RECYCLING_FILINGS -> BigDecimal.valueOf(recyclingFilings(year, time, before, known));
        };
    }

    /**
     * Enterprises holding RECYCLING_FILING at the end of the year (or on asOf, when that is earlier):
     * a grant known by then, valid from on or before that day and not expired before it, and no later
     * revocation in the same stream that took effect by then. A stock, so no lower bound on time.
     */
    private long recyclingFilings(int year, Bitemporal time, long before, long known) {
        LocalDate day = LocalDate.of(year, 12, 31);
        if (time.asOf() != null && time.asOf().isBefore(day)) {
            day = time.asOf();
        }
        String filing = Qualification.RECYCLING_FILING.name();
        return number("SELECT COUNT(DISTINCT g.enterprise_id) FROM " + E + " g WHERE g.event_type = ?"
                        + " AND g.qualification = ? AND g.occurred_at < ? AND g.recorded_at <= ?"
                        + " AND g.business_date <= ? AND (g.valid_to IS NULL OR g.valid_to >= ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM " + E + " r WHERE r.stream_id = g.stream_id"
                        + " AND r.event_type = ? AND r.qualification = g.qualification"
                        + " AND r.sequence_number > g.sequence_number AND r.business_date <= ?"
                        + " AND r.occurred_at < ? AND r.recorded_at <= ?)",
                EventRow.QUALIFICATION_GRANTED, filing, before, known, day, day,
                EventRow.QUALIFICATION_REVOKED, day, before, known);
    }

    private long number(String sql, Object... args) {
        Number value = jdbc.queryForObject(sql, Number.class, args);
        return value == null ? 0 : value.longValue();
    }
}
