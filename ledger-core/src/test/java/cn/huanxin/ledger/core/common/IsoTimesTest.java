package cn.huanxin.ledger.core.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fast reading of record and business times gives exactly what {@link Instant#parse} and
 * {@link LocalDate#parse} give, and leaves every other text to them.
 */
class IsoTimesTest {

    @Test
    void theFastPathAgreesWithInstantParseOnRandomTimes() {
        Random random = new Random(20241203);
        for (int i = 0; i < 200_000; i++) {
            long seconds = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond()
                    + (long) (random.nextDouble() * (Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()
                    - Instant.parse("1000-01-01T00:00:00Z").getEpochSecond()));
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
            String text = instant.toString();
            int digits = random.nextInt(10);
            // vary the number of fraction digits: 0 (none) to 9
            String base = text.substring(0, 19);
            String nanos = String.format("%09d", instant.getNano());
            String variant = digits == 0 ? base + "Z" : base + "." + nanos.substring(0, digits) + "Z";
            assertThat(IsoTimes.utcInstant(variant)).as(variant).isEqualTo(Instant.parse(variant));
            assertThat(IsoTimes.utcInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    /**
     * The writer gives Instant.toString's text for instants across and beyond its years (where it
     * hands over), with every kind of fraction: none, millis, micros, nanos, and a nano either side of
     * each group's edge.
     */
    @Test
    void theWriterAgreesWithInstantToString() {
        Random random = new Random(20261206);
        long from = Instant.parse("-1000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("+12000-12-31T23:59:59Z").getEpochSecond();
        int[] nanos = {0, 1, 999_999_999, 1_000_000, 999_000_000, 1_000, 999_999_000, 100_000_000, 10};
        for (int i = 0; i < 300_000; i++) {
            long seconds = from + (long) (random.nextDouble() * (to - from));
            int nano = switch (i % 4) {
                case 0 -> random.nextInt(1_000_000_000);
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> nanos[random.nextInt(nanos.length)];
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            assertThat(IsoTimes.text(instant)).isEqualTo(instant.toString());
        }
        for (String edge : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
                "2024-02-29T12:00:00.000001Z", "2024-08-17T08:39:50.123Z")) {
            Instant instant = Instant.parse(edge);
            assertThat(IsoTimes.text(instant)).as(edge).isEqualTo(instant.toString()).isEqualTo(edge);
        }
        assertThat(IsoTimes.text(Instant.MIN)).isEqualTo(Instant.MIN.toString());
        assertThat(IsoTimes.text(Instant.MAX)).isEqualTo(Instant.MAX.toString());
    }

    /** Text the fast path does not read is left to Instant.parse, whatever that makes of it. */
    @Test
    void anythingElseIsLeftToInstantParse() {
        for (String text : List.of("2024-02-30T00:00:00Z", "2023-02-29T12:00:00Z", "2024-09-01T24:00:00Z",
                "2024-09-01T23:59:60Z", "2024-09-01T23:60:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z",
                "2024-09-00T00:00:00Z", "2024-09-01T02:00:00.Z", "2024-09-01T02:00:00.1234567890Z",
                "2024-09-01t02:00:00Z", "2024-09-01T02:00:00z", "2024-09-01T02:00:00+08:00",
                "+12024-09-01T02:00:00Z", "2024-9-01T02:00:00Z", "2024-09-01T02:00Z", "２０２４-09-01T02:00:00Z",
                "2024-09-01 02:00:00Z", "")) {
            assertThat(IsoTimes.utcInstant(text)).as(text).isNull();
        }
        assertThat(IsoTimes.utcInstant("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
        assertThat(IsoTimes.utcInstant("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void datesAgreeWithLocalDateParse() {
        LocalDate day = LocalDate.of(1000, 1, 1);
        while (day.getYear() < 2101) {
            String text = day.toString();
            assertThat(IsoTimes.localDate(text)).as(text).isEqualTo(LocalDate.parse(text));
            assertThat(IsoTimes.date(text)).isEqualTo(day);
            day = day.plusDays(1 + day.getDayOfYear() % 37);
        }
        for (String text : List.of("2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00",
                "2024-1-01", "2024/01/01", "+12024-01-01", "2024-01-01T00:00", "２０２４-01-01", "")) {
            assertThat(IsoTimes.localDate(text)).as(text).isNull();
        }
        assertThat(IsoTimes.localDate("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(IsoTimes.date("+12024-01-01")).isEqualTo(LocalDate.parse("+12024-01-01"));
        assertThatThrownBy(() -> IsoTimes.date("2024-02-30")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTimes.instant("2024-02-30T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThat(IsoTimes.instant("2024-09-01T02:00:00.5Z")).isEqualTo(Instant.parse("2024-09-01T02:00:00.5Z"));
    }

    /** What the ingestion reads an envelope's occurredAt with, when the fast path does not. */
    private static Instant offsetParse(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @Test
    void timesWithAnOffsetAgreeWithTheIsoOffsetParser() {
        Random random = new Random(20261205);
        for (int i = 0; i < 200_000; i++) {
            long seconds = Instant.parse("1000-01-02T00:00:00Z").getEpochSecond()
                    + (long) (random.nextDouble() * (Instant.parse("9999-12-30T23:59:59Z").getEpochSecond()
                    - Instant.parse("1000-01-02T00:00:00Z").getEpochSecond()));
            String local = Instant.ofEpochSecond(seconds).toString().substring(0, 19);
            int digits = random.nextInt(10);
            String fraction = digits == 0 ? "" : "." + String.format("%09d", random.nextInt(1_000_000_000))
                    .substring(0, digits);
            int minutes = random.nextInt(3) == 0 ? 8 * 60 : random.nextInt(18 * 60 * 2 + 1) - 18 * 60;
            String offset = random.nextInt(10) == 0 ? "Z"
                    : (minutes < 0 ? "-" : "+") + String.format("%02d:%02d", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
            String text = local + fraction + offset;
            assertThat(IsoTimes.offsetInstant(text)).as(text).isEqualTo(offsetParse(text));
        }
        for (String text : List.of("2024-09-01T02:00:00-00:00", "2024-09-01T02:00:00+18:00",
                "2024-09-01T02:00:00-18:00", "2024-02-29T23:59:59.999999999+08:00", "0000-01-01T00:00:00+01:00")) {
            assertThat(IsoTimes.offsetInstant(text)).as(text).isEqualTo(offsetParse(text));
        }
    }

    /** Text the offset reader does not read is left to the general parser, whatever that makes of it. */
    @Test
    void anOffsetOfAnyOtherShapeIsLeftToTheParser() {
        for (String text : List.of("2024-02-30T00:00:00+08:00", "2024-09-01T24:00:00+08:00",
                "2024-09-01T23:59:60+08:00", "2024-09-01T02:00:00+08:00:00", "2024-09-01T02:00:00+0800",
                "2024-09-01T02:00:00+08", "2024-09-01T02:00:00+19:00", "2024-09-01T02:00:00+18:01",
                "2024-09-01T02:00:00+08:60", "2024-09-01T02:00:00 08:00", "2024-09-01T02:00:00.+08:00",
                "2024-09-01T02:00:00.1234567890+08:00", "2024-09-01T02:00:00z", "2024-09-01T02:00+08:00",
                "2024-09-01T02:00:00[Asia/Shanghai]", "+12024-09-01T02:00:00+08:00", "2024-09-01T02:00:00+０8:00",
                "")) {
            assertThat(IsoTimes.offsetInstant(text)).as(text).isNull();
        }
        assertThat(IsoTimes.offsetTime("2024-09-01T02:00:00+08:00:00")).isEqualTo(offsetParse("2024-09-01T02:00:00+08:00:00"));
        assertThat(IsoTimes.offsetTime("2024-09-01T02:00:00.5-03:30")).isEqualTo(offsetParse("2024-09-01T02:00:00.5-03:30"));
        assertThatThrownBy(() -> IsoTimes.offsetTime("2024-02-30T00:00:00+08:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTimes.offsetTime("2024-09-01T02:00:00")).isInstanceOf(DateTimeParseException.class);
    }
}
