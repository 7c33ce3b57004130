package cn.huanxin.ledger.projections.fraud.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/** The days of a model's prices that R22 reads for a batch: each grant's day and the D days before it. */
final class R22PriceWindows {

    private R22PriceWindows() {
    }

    /** Days of one model's prices read for a batch: {@code from} to {@code to}, both included. */
    record Window(String modelKey, LocalDate from, LocalDate to) {
    }

    /**
     * The days a model's prices are needed for grants on {@code days}: each day and the {@code
     * lookbackDays} before it, overlapping or adjacent ranges merged, so no day is read twice.
     */
    static List<Window> of(String modelKey, SortedSet<LocalDate> days, int lookbackDays) {
        List<Window> windows = new ArrayList<>();
        LocalDate from = null;
        LocalDate to = null;
        for (LocalDate day : days) {
            LocalDate start = day.minusDays(lookbackDays);
            if (to != null && !start.isAfter(to.plusDays(1))) {
                to = day;
                continue;
            }
            if (to != null) {
                windows.add(new Window(modelKey, from, to));
            }
            from = start;
            to = day;
        }
        windows.add(new Window(modelKey, from, to));
        return windows;
    }
}
