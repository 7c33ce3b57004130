package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.support.ViewTables;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rows a rule keeps per key and day in its {@link RuleMemory}: for each key (R22's model, R24's
 * merchant) the ranges of days read from the table so far, and the values of those days. A range once
 * read holds every row of the key in it — as the tables stand after this view's last committed batch,
 * plus what the batch at hand added — so a batch reads only the parts of its {@link DayWindows} that
 * no earlier batch has read. Without it, a batch whose events are dated across a year reads each
 * key's year of rows again: a read per batch that grows with the history, so that a rebuild's time
 * grows with its square.
 * <p>
 * Its size is the number of values (what a value weighs, the rule says when it adds one); beyond the
 * memory's bound the least recently used keys are forgotten whole, never those of the batch at hand.
 * <p>
 * A memory begun on an empty table ({@link #DayMemory(JdbcTemplate, String)}) holds every row of the
 * table: what the view's batches wrote since, they added here. It then reads nothing, except for the
 * keys it has forgotten since (kept in a {@link KeyFilter}): a rebuild, an investigation and a new
 * ledger read none of their day ranges while the bound holds.
 *
 * @param <V> what a key holds for one day
 */
final class DayMemory<V> {

    /** One key: the days read, as disjoint ranges from → to (both included), and their values. */
    private static final class Key<V> {
        final String name;
        final TreeMap<LocalDate, LocalDate> read = new TreeMap<>();
        final TreeMap<LocalDate, V> days = new TreeMap<>();
        long size;

        Key(String name) {
            this.name = name;
        }
    }

    /** In the order of last use, least recent first. */
    private final LinkedHashMap<String, Key<V>> keys = new LinkedHashMap<>(64, 0.75f, true);
    private long size;
    /** Whether the memory began on an empty table: every row is kept, but for the keys forgotten. */
    private final boolean complete;
    /** The keys forgotten since the memory began, when it is complete; made at the first. */
    private KeyFilter forgotten;

    /** A memory that reads every day range it needs once. */
    DayMemory() {
        this.complete = false;
    }

    /**
     * A memory of the rows of {@code table}: one that holds them all (and reads nothing but the keys it
     * forgets) when the table is empty now.
     */
    DayMemory(JdbcTemplate jdbc, String table) {
        this.complete = ViewTables.isEmpty(jdbc, table);
    }

    /** The values kept, over all keys. */
    long size() {
        return size;
    }

    /** The keys kept. */
    int keys() {
        return keys.size();
    }

    /**
     * Forgets the least recently used keys until at most {@code bound} values are kept, except the
     * keys of {@code keep}, which count as just used.
     */
    void trim(long bound, Collection<String> keep) {
        int kept = 0;
        for (String name : keep) {
            kept += keys.get(name) == null ? 0 : 1;
        }
        // the keys to keep are the most recently used now: the first others may go
        Iterator<Key<V>> oldest = keys.values().iterator();
        int mayGo = keys.size() - kept;
        while (size > bound && mayGo > 0 && oldest.hasNext()) {
            Key<V> key = oldest.next();
            oldest.remove();
            size -= key.size;
            mayGo--;
            if (complete) {
                if (forgotten == null) {
                    forgotten = KeyFilter.empty(KeyFilter.DEFAULT_CAPACITY);
                }
                forgotten.add(key.name);
            }
        }
    }

    /** Whether the key is kept (looking does not count as a use). */
    boolean holds(String key) {
        return keys.containsKey(key);
    }

    /** The parts of {@code windows} whose days have not been read yet, in the windows' order. */
    List<DayWindows.Window> unread(List<DayWindows.Window> windows) {
        List<DayWindows.Window> unread = new ArrayList<>();
        for (DayWindows.Window window : windows) {
            if (complete && (forgotten == null || !forgotten.mayHold(window.key()))) {
                // every row of the key is kept
                continue;
            }
            Key<V> key = keys.get(window.key());
            LocalDate from = window.from();
            if (key != null) {
                // read ranges overlapping the window, in order of their start
                Map.Entry<LocalDate, LocalDate> before = key.read.floorEntry(from);
                if (before != null && !before.getValue().isBefore(from)) {
                    from = before.getValue().plusDays(1);
                }
                if (from.isAfter(window.to())) {
                    continue;
                }
                for (Map.Entry<LocalDate, LocalDate> range : key.read.subMap(from, true, window.to(), true).entrySet()) {
                    if (range.getKey().isAfter(from)) {
                        unread.add(new DayWindows.Window(window.key(), from, range.getKey().minusDays(1)));
                    }
                    from = range.getValue().plusDays(1);
                }
            }
            if (!from.isAfter(window.to())) {
                unread.add(new DayWindows.Window(window.key(), from, window.to()));
            }
        }
        return unread;
    }

    /** Notes that the windows' days have been read: their rows are all kept now. */
    void read(List<DayWindows.Window> windows) {
        for (DayWindows.Window window : windows) {
            Key<V> key = key(window.key());
            LocalDate from = window.from();
            LocalDate to = window.to();
            Map.Entry<LocalDate, LocalDate> before = key.read.floorEntry(from);
            if (before != null && !before.getValue().plusDays(1).isBefore(from)) {
                from = before.getKey();
                to = DayWindows.max(to, before.getValue());
            }
            // ranges starting within (or right after) the new one are merged into it
            NavigableMap<LocalDate, LocalDate> within = key.read.subMap(from, true, to.plusDays(1), true);
            for (LocalDate end : within.values()) {
                to = DayWindows.max(to, end);
            }
            within.clear();
            key.read.put(from, to);
        }
    }

    private Key<V> key(String name) {
        return keys.computeIfAbsent(name, Key::new);
    }

    /**
     * The key's kept name: the same string for every value of the key, so that values read in
     * different batches do not each hold a copy.
     */
    String name(String key) {
        return key(key).name;
    }

    /** The key's values by day: those of the days read, and those the batch at hand added. */
    NavigableMap<LocalDate, V> days(String key) {
        return key(key).days;
    }

    /** The key's value on the day, created (and weighed) when there is none. */
    V day(String key, LocalDate day, Function<LocalDate, V> create, int weight) {
        Key<V> kept = key(key);
        V value = kept.days.get(day);
        if (value == null) {
            value = create.apply(day);
            kept.days.put(day, value);
            grew(kept, weight);
        }
        return value;
    }

    /** The key holds {@code weight} more (a value that grew: R22's day gained a price cell). */
    void grew(String key, int weight) {
        grew(key(key), weight);
    }

    private void grew(Key<V> key, int weight) {
        key.size += weight;
        size += weight;
    }
}
