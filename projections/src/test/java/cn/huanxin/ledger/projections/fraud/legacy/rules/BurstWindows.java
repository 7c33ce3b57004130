package cn.huanxin.ledger.projections.fraud.legacy.rules;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds where a burst begins for the "more than N within W days" rules (R08, R09). A window is W
 * calendar days, {@code start … start + W − 1}. A burst is anchored on the earliest day that has an
 * occurrence and starts a window holding more than the limit, so one case yields one alert with a
 * window that a replay computes again, whatever the later occurrences are.
 */
final class BurstWindows {

    private BurstWindows() {
    }

    /** One dated occurrence; occurrences with the same key count once (R09 counts distinct people). */
    record Occurrence(LocalDate day, String key) {
    }

    /** A burst's window, both ends inclusive. */
    record Window(LocalDate start, LocalDate end) {

        boolean contains(LocalDate day) {
            return !day.isBefore(start) && !day.isAfter(end);
        }

        /** The alert window, e.g. {@code 2024-09-01/2024-09-07}. */
        String label() {
            return start + "/" + end;
        }
    }

    /**
     * The earliest window containing {@code day} whose occurrences have more than {@code limit}
     * distinct keys, if there is one. Candidate starts are the days of occurrences, so a window
     * always begins with an event of the burst.
     */
    static Optional<Window> firing(Collection<Occurrence> occurrences, LocalDate day, int windowDays, int limit) {
        LocalDate earliest = day.minusDays(windowDays - 1L);
        Set<LocalDate> starts = new TreeSet<>();
        for (Occurrence occurrence : occurrences) {
            if (!occurrence.day().isBefore(earliest) && !occurrence.day().isAfter(day)) {
                starts.add(occurrence.day());
            }
        }
        for (LocalDate start : starts) {
            Window window = new Window(start, start.plusDays(windowDays - 1L));
            Set<String> keys = new HashSet<>();
            for (Occurrence occurrence : occurrences) {
                if (window.contains(occurrence.day())) {
                    keys.add(occurrence.key());
                }
            }
            if (keys.size() > limit) {
                return Optional.of(window);
            }
        }
        return Optional.empty();
    }

    /** The bursts that contain {@code day}, if any (there is at most one unless windows were reordered). */
    static Optional<Window> containing(List<Window> windows, LocalDate day) {
        return windows.stream().filter(w -> w.contains(day)).findFirst();
    }

    static int requireAtLeast(int value, int minimum, String rule, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(rule + "." + name + " must be at least " + minimum);
        }
        return value;
    }
}
