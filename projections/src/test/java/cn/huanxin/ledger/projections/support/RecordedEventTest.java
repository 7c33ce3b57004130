package cn.huanxin.ledger.projections.support;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** An event's business day is the Asia/Shanghai day the zone's rules give, by arithmetic or not. */
class RecordedEventTest {

    @Test
    void theDayIsTheZonesDayForAnyInstant() {
        Random random = new Random(11);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)),
                    random.nextInt(1_000_000_000));
            assertThat(RecordedEvent.dayOf(instant)).as("%s", instant)
                    .isEqualTo(instant.atZone(RecordedEvent.SHANGHAI).toLocalDate());
        }
    }

    @Test
    void aroundMidnightAndTheSummerTimeOfTheLateEighties() {
        for (int year : new int[]{1986, 1988, 1991, 1992, 2024, 2025, 2100}) {
            for (int dayOfYear = 1; dayOfYear <= 365; dayOfYear += 7) {
                LocalDate day = LocalDate.ofYearDay(year, dayOfYear);
                // Shanghai's midnight is 16:00 UTC the day before; test the seconds around it
                Instant midnight = LocalDateTime.of(day.minusDays(1), java.time.LocalTime.of(16, 0)).toInstant(ZoneOffset.UTC);
                for (long delta : new long[]{-3601, -3600, -1, 0, 1, 3599, 3600}) {
                    Instant instant = midnight.plusSeconds(delta);
                    assertThat(RecordedEvent.dayOf(instant)).as("%s", instant)
                            .isEqualTo(instant.atZone(RecordedEvent.SHANGHAI).toLocalDate());
                }
            }
        }
        Instant nanoBefore = Instant.parse("2024-05-31T16:00:00Z").minusNanos(1);
        assertThat(RecordedEvent.dayOf(nanoBefore)).isEqualTo(LocalDate.of(2024, 5, 31));
        assertThat(RecordedEvent.dayOf(nanoBefore.plusNanos(1))).isEqualTo(LocalDate.of(2024, 6, 1));
    }
}
