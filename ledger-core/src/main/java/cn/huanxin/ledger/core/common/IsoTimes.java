package cn.huanxin.ledger.core.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reading the two time texts the ledger stores everywhere — instants in UTC
 * ({@code 2024-08-17T08:39:50.123Z}) and calendar dates ({@code 2024-08-17}) — without a
 * {@link java.time.format.DateTimeFormatter}, whose general parser was a tenth of a view's time and a
 * fifth of verification's. The fast readers take only the exact shapes below and answer
 * {@code null} for any other text, which the caller then hands to {@link Instant#parse} or
 * {@link LocalDate#parse}: where both read a text they give the same value (IsoTimesTest).
 * {@link #text(Instant)} writes an instant as {@link Instant#toString} does, again without a formatter.
 */
public final class IsoTimes {

    private static final int[] FRACTION_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
            10, 1};

    /** Each thread's writer of {@link #text}: a writer keeps the text of the last dates it wrote. */
    private static final ThreadLocal<InstantText> WRITERS = ThreadLocal.withInitial(InstantText::new);

    private IsoTimes() {
    }

    /** The instant of a text, read fast where it has the shape of {@link #utcInstant}, else by {@link Instant#parse}. */
    public static Instant instant(String text) {
        Instant fast = utcInstant(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /**
     * The instant of a time with an offset, read fast where it has the shape of {@link #offsetInstant},
     * else by {@link OffsetDateTime#parse} with {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}.
     */
    public static Instant offsetTime(String text) {
        Instant fast = offsetInstant(text);
        return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * {@link Instant#toString}'s text of an instant ({@code 2024-08-17T08:39:50.123Z}: seconds always,
     * the fraction in groups of three digits as far as it needs), written by this thread's
     * {@link InstantText} rather than {@link DateTimeFormatter#ISO_INSTANT}, whose general printer took
     * some 2 % of an ingest's request threads (each event's metadata and receipt carry two instants).
     * Years outside 0000–9999, which {@code toString} writes with a sign or more digits, are left to it.
     */
    public static String text(Instant instant) {
        String text = WRITERS.get().text(instant);
        return text != null ? text : instant.toString();
    }

    /** The date of a text, read fast where it has the shape of {@link #localDate}, else by {@link LocalDate#parse}. */
    public static LocalDate date(String text) {
        LocalDate fast = localDate(text);
        return fast != null ? fast : LocalDate.parse(text);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} — a four-digit year, one to nine fraction
     * digits, seconds below 60 — or {@code null} for any other text.
     */
    public static Instant utcInstant(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z') {
            return null;
        }
        return read(text, n - 1, 0);
    }

    /**
     * The instant of what {@link java.time.format.DateTimeFormatter#ISO_OFFSET_DATE_TIME} reads, in
     * the shapes clients send: {@link #utcInstant}'s, or the same with an offset {@code ±HH:MM} (at most
     * 18 hours) instead of {@code Z}; {@code null} for any other text. An ingestion envelope's
     * {@code occurredAt} is read this way ({@link #offsetTime}): the general parser took some 9 % of an
     * ingest's request threads.
     */
    public static Instant offsetInstant(String text) {
        int n = text.length();
        if (n > 0 && text.charAt(n - 1) == 'Z') {
            return utcInstant(text);
        }
        if (n < 25 || n > 35 || text.charAt(n - 3) != ':') {
            return null;
        }
        char sign = text.charAt(n - 6);
        int hours = digits(text, n - 5, n - 3);
        int minutes = digits(text, n - 2, n);
        if ((sign != '+' && sign != '-') || hours < 0 || hours > 18 || minutes < 0 || minutes > 59
                || (hours == 18 && minutes > 0)) {
            return null;
        }
        int seconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
        return read(text, n - 6, seconds);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.fraction]} in {@code text[0, end)}, a local time
     * {@code offsetSeconds} ahead of UTC; {@code null} unless it has exactly that shape.
     */
    private static Instant read(String text, int end, int offsetSeconds) {
        if (end < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nano = 0;
        if (end > 19) {
            int fractionDigits = end - 20;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, end);
            if (fraction < 0) {
                return null;
            }
            nano = fraction * FRACTION_SCALE[fractionDigits];
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        try {
            // Seconds counted from the epoch day, without a LocalDateTime or a ZoneOffset (looking one up
            // took 6 % of a verification's hashing threads); LocalDate.of still refuses a day that does not exist.
            long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L
                    + second - offsetSeconds;
            return Instant.ofEpochSecond(epochSecond, nano);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The date of {@code yyyy-MM-dd} with a four-digit year, or {@code null} for any other text. */
    public static LocalDate localDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 unless every character is an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
