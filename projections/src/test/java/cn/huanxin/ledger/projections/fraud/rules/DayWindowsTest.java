package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.rules.DayWindows.Window;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The days of a key's rows that a rule reads for a batch: each of its days and the days before. */
class DayWindowsTest {

    private static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    private static List<Window> windows(int lookbackDays, String... days) {
        TreeSet<LocalDate> set = new TreeSet<>();
        for (String d : days) {
            set.add(day(d));
        }
        return DayWindows.of("M", set, lookbackDays);
    }

    @Test
    void oneDayReadsItselfAndTheDaysBefore() {
        assertThat(windows(90, "2024-06-30")).containsExactly(new Window("M", day("2024-04-01"), day("2024-06-30")));
    }

    @Test
    void overlappingAndAdjacentWindowsAreMergedSoThatNoDayIsReadTwice() {
        assertThat(windows(3, "2024-06-01", "2024-06-03", "2024-06-07", "2024-06-12")).containsExactly(
                new Window("M", day("2024-05-29"), day("2024-06-07")),
                new Window("M", day("2024-06-09"), day("2024-06-12")));
    }

    @Test
    void daysFarApartAreReadSeparatelyNotAsTheSpanBetweenThem() {
        List<Window> windows = windows(90, "2024-01-15", "2024-12-20");
        assertThat(windows).containsExactly(
                new Window("M", day("2023-10-17"), day("2024-01-15")),
                new Window("M", day("2024-09-21"), day("2024-12-20")));
        long read = windows.stream().mapToLong(w -> w.to().toEpochDay() - w.from().toEpochDay() + 1).sum();
        assertThat(read).isEqualTo(182);
    }

    @Test
    void everyNeededDayIsCoveredAndNoOtherDay() {
        String[] days = {"2024-03-01", "2024-03-02", "2024-05-30", "2024-06-02", "2024-11-11"};
        int lookback = 10;
        List<Window> windows = windows(lookback, days);
        TreeSet<LocalDate> needed = new TreeSet<>();
        for (String d : days) {
            for (int i = 0; i <= lookback; i++) {
                needed.add(day(d).minusDays(i));
            }
        }
        TreeSet<LocalDate> read = new TreeSet<>();
        for (Window w : windows) {
            for (LocalDate d = w.from(); !d.isAfter(w.to()); d = d.plusDays(1)) {
                assertThat(read.add(d)).as("read once: " + d).isTrue();
            }
        }
        assertThat(read).isEqualTo(needed);
    }

    @Test
    void aKeyWithoutDaysHasNoWindowAndKeysKeepTheirOrder() {
        assertThat(windows(5)).isEmpty();
        java.util.Map<String, TreeSet<LocalDate>> days = new java.util.LinkedHashMap<>();
        days.put("B", new TreeSet<>(List.of(day("2024-06-10"))));
        days.put("A", new TreeSet<>(List.of(day("2024-06-10"), day("2024-06-11"))));
        assertThat(DayWindows.of(days, 0)).containsExactly(
                new Window("B", day("2024-06-10"), day("2024-06-10")),
                new Window("A", day("2024-06-10"), day("2024-06-11")));
    }
}
