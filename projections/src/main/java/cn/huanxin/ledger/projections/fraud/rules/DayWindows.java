package cn.huanxin.ledger.projections.fraud.rules;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The days of a key's rows that a rule reads for a batch: each day the batch names for the key and the
 * days before it that the rule looks back over, overlapping or adjacent ranges merged, so no day is
 * read twice. Rules whose state is kept per key and day (R22's prices per model, R24's grants per
 * merchant) read it this way rather than over the batch's whole span of dates: a batch whose events
 * are dated across a year would otherwise read each key's year of rows, a read that grows with the
 * history.
 */
final class DayWindows {

    /** Windows per statement: one branch and 3 parameters each. */
    static final int WINDOWS_PER_SELECT = 100;

    private DayWindows() {
    }

    /** Days of one key's rows read for a batch: {@code from} to {@code to}, both included. */
    record Window(String key, LocalDate from, LocalDate to) {
    }

    /** The windows of one key: each of {@code days} and the {@code lookbackDays} before it, merged. */
    static List<Window> of(String key, SortedSet<LocalDate> days, int lookbackDays) {
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
                windows.add(new Window(key, from, to));
            }
            from = start;
            to = day;
        }
        if (to != null) {
            windows.add(new Window(key, from, to));
        }
        return windows;
    }

    /** The windows of every key, in the map's order. */
    static List<Window> of(Map<String, ? extends SortedSet<LocalDate>> daysByKey, int lookbackDays) {
        List<Window> windows = new ArrayList<>();
        daysByKey.forEach((key, days) -> windows.addAll(of(key, days, lookbackDays)));
        return windows;
    }

    /**
     * Runs {@code branch} once per window, in statements of up to {@value #WINDOWS_PER_SELECT} branches
     * joined by {@code UNION ALL}. The branch selects one key's rows over one window: its three
     * parameters are the key, the first day and the last day, in that order (for example {@code "SELECT
     * ... FROM fraud_r22_price WHERE model_key = ? AND occurred_on >= ? AND occurred_on <= ?"}).
     * <p>
     * Each branch is planned on its own, so each is a range read on the key's index. A join with the
     * windows as a {@code VALUES} list was planned by PostgreSQL as a hash join over the whole table
     * (its estimate of an index probe per window was higher than a scan): a sequential scan per batch,
     * whose cost grew with the history.
     */
    static void select(JdbcTemplate jdbc, List<Window> windows, String branch, RowCallbackHandler rows) {
        for (int from = 0; from < windows.size(); from += WINDOWS_PER_SELECT) {
            List<Window> chunk = windows.subList(from, Math.min(windows.size(), from + WINDOWS_PER_SELECT));
            List<Object> args = new ArrayList<>(3 * chunk.size());
            for (Window window : chunk) {
                args.add(window.key());
                args.add(window.from());
                args.add(window.to());
            }
            jdbc.query(String.join(" UNION ALL ", Collections.nCopies(chunk.size(), branch)), rows, args.toArray());
        }
    }
}
