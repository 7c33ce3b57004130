package cn.huanxin.ledger.api.web;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How the console writes the API's values for people, in both languages alike: money in yuan with
 * thousands separators and two decimals ({@code 1,234,567.80}, a negative figure with its sign, never
 * clamped), and times as the Asia/Shanghai wall clock ({@code 2024-09-01 10:15:00}). Templates reach
 * it as {@code @consoleFormat}. It takes the API's own strings (decimal yuan, ISO-8601 times), so a
 * page shows exactly the figure the API answers, only grouped.
 */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(Times.SHANGHAI);
    private static final DateTimeFormatter INPUT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss]")
            .withZone(Times.SHANGHAI);

    /** A decimal amount of yuan, grouped in thousands with two decimals; blank for no amount. */
    public String yuan(Object amount) {
        if (amount == null || amount.toString().isBlank()) {
            return "";
        }
        BigDecimal value = new BigDecimal(amount.toString());
        // DecimalFormat is not thread-safe: one per call is cheap next to a page.
        DecimalFormat grouped = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return grouped.format(value);
    }

    /** An instant, or an ISO-8601 time with an offset, as the Asia/Shanghai wall clock. */
    public String time(Object time) {
        if (time == null || time.toString().isBlank()) {
            return "";
        }
        if (time instanceof Instant instant) {
            return WALL_CLOCK.format(instant);
        }
        try {
            return WALL_CLOCK.format(OffsetDateTime.parse(time.toString()).toInstant());
        } catch (DateTimeParseException notATime) {
            return time.toString();
        }
    }

    /** A date as the API writes it ({@code YYYY-MM-DD}); the Asia/Shanghai calendar day of an instant. */
    public String date(Object date) {
        if (date == null || date.toString().isBlank()) {
            return "";
        }
        if (date instanceof Instant instant) {
            return LocalDate.ofInstant(instant, Times.SHANGHAI).toString();
        }
        return date.toString();
    }

    /**
     * A {@code datetime-local} field's value (Asia/Shanghai wall clock, to the minute) as the API's
     * {@code knownAt}: an ISO-8601 time at {@code +08:00}. Blank stays blank; anything else that is
     * not such a value is passed on as it is, for the API's own check to refuse.
     */
    public static String knownAt(String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        try {
            ZonedDateTime local = ZonedDateTime.parse(field, INPUT_TIME);
            return Times.render(local.toInstant());
        } catch (DateTimeParseException notAFieldValue) {
            return field;
        }
    }
}
