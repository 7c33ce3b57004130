package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.web.Times;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The business-time slice of an investigation: events whose {@code occurredAt} lies in
 * {@code [from, to]}. Each bound is a date (an Asia/Shanghai calendar day: {@code from} at the start
 * of its day, {@code to} including its whole day) or an ISO-8601 time with an offset. The bounds are
 * kept as given, so the answer shows what was asked, and turned into instants here, in one place.
 *
 * @param from        the lower bound as given (a date, or a time rendered at +08:00)
 * @param to          the upper bound as given
 * @param fromInstant the first instant in the slice
 * @param toExclusive the first instant after the slice
 */
record TimeSlice(String from, String to, Instant fromInstant, Instant toExclusive) {

    TimeSlice {
        Objects.requireNonNull(fromInstant, "fromInstant");
        Objects.requireNonNull(toExclusive, "toExclusive");
        if (!fromInstant.isBefore(toExclusive)) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }

    /** Parses the bounds as stored; they were checked when the investigation was requested. */
    static TimeSlice of(String from, String to) {
        Bound lower = bound(from).orElseThrow(() -> new IllegalArgumentException("from is not a date or time"));
        Bound upper = bound(to).orElseThrow(() -> new IllegalArgumentException("to is not a date or time"));
        return new TimeSlice(lower.text(), upper.text(), lower.start(), upper.endExclusive());
    }

    boolean contains(Instant occurredAt) {
        return !occurredAt.isBefore(fromInstant) && occurredAt.isBefore(toExclusive);
    }

    /** One bound: a whole day, or one instant. */
    record Bound(String text, Instant start, Instant endExclusive) {
    }

    /** A date {@code YYYY-MM-DD} or a time with an offset; empty when it is neither. */
    static Optional<Bound> bound(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.length() == 10) {
            try {
                LocalDate day = LocalDate.parse(text);
                return Optional.of(new Bound(day.toString(), day.atStartOfDay(Times.SHANGHAI).toInstant(),
                        day.plusDays(1).atStartOfDay(Times.SHANGHAI).toInstant()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            // A time bound is inclusive: the slice ends just after it.
            return Optional.of(new Bound(Times.render(instant), instant, instant.plusNanos(1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
