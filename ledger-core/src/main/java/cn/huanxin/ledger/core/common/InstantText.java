package cn.huanxin.ledger.core.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An instant as a JSON string, exactly as {@link Instant#toString()} renders it, written as ASCII
 * bytes for the canonical encoder of verification, or as text for {@link IsoTimes#text}: four-digit
 * years 0 to 9999, seconds always, a fraction of 3, 6 or 9 digits when not zero. The date text of the
 * last two days written is kept: a store's events come a few days at a time, and working out a date
 * is most of the cost.
 * <p>
 * An instance is not thread-safe: each encoder has its own, and {@link IsoTimes} one per thread.
 */
public final class InstantText {

    /** The most bytes {@link #write} writes: the quotes, 20 characters and a fraction of 9 digits. */
    public static final int MAX_LENGTH = 32;

    /** The first and last epoch day of the years written here, 0 to 9999. */
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** The epoch days whose "yyyy-MM-dd" text {@link #dates} holds, two slots used in turn. */
    private final long[] days = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final byte[][] dates = new byte[2][10];
    private int nextSlot;

    /**
     * Writes {@code "<instant>"} at {@code at}, which has room for {@link #MAX_LENGTH} bytes.
     *
     * @return the position after it, or -1 for a year outside 0 to 9999 (nothing written)
     */
    public int write(Instant instant, byte[] out, int at) {
        long seconds = instant.getEpochSecond();
        byte[] date = date(Math.floorDiv(seconds, 86_400));
        if (date == null) {
            return -1;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int i = at;
        out[i++] = '"';
        System.arraycopy(date, 0, out, i, date.length);
        i += date.length;
        out[i++] = 'T';
        i = digits(secondOfDay / 3_600, 2, out, i);
        out[i++] = ':';
        i = digits(secondOfDay / 60 % 60, 2, out, i);
        out[i++] = ':';
        i = digits(secondOfDay % 60, 2, out, i);
        int nano = instant.getNano();
        if (nano > 0) {
            out[i++] = '.';
            if (nano % 1_000_000 == 0) {
                i = digits(nano / 1_000_000, 3, out, i);
            } else if (nano % 1_000 == 0) {
                i = digits(nano / 1_000, 6, out, i);
            } else {
                i = digits(nano, 9, out, i);
            }
        }
        out[i++] = 'Z';
        out[i++] = '"';
        return i;
    }

    /** {@link Instant#toString}'s text of {@code instant}, or null for a year outside 0 to 9999. */
    public String text(Instant instant) {
        byte[] out = new byte[MAX_LENGTH];
        int end = write(instant, out, 0);
        return end < 0 ? null : new String(out, 1, end - 2, StandardCharsets.US_ASCII);
    }

    /** The "yyyy-MM-dd" text of an epoch day; null for a year outside 0 to 9999. */
    private byte[] date(long epochDay) {
        for (int slot = 0; slot < days.length; slot++) {
            if (days[slot] == epochDay) {
                return dates[slot];
            }
        }
        if (epochDay < FIRST_DAY || epochDay > LAST_DAY) {
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        int slot = nextSlot;
        nextSlot = 1 - slot;
        byte[] text = dates[slot];
        int i = digits(year, 4, text, 0);
        text[i++] = '-';
        i = digits(date.getMonthValue(), 2, text, i);
        text[i++] = '-';
        digits(date.getDayOfMonth(), 2, text, i);
        days[slot] = epochDay;
        return text;
    }

    private static int digits(int value, int width, byte[] out, int at) {
        int rest = value;
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return at + width;
    }
}
