package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.PendingWrites;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Rows of one table keyed by primary key, held for a batch: what the batch read, then what it
 * inserted, changed or deleted. Only the last state of a row is written when the batch is flushed —
 * a row that every event moves (a quota, a counter) is written once, not once per event. A key the
 * batch deleted stays known as absent, so it is never read again from the table.
 *
 * @param <K> the primary key
 * @param <V> the row's other columns, an immutable value
 */
final class NetRows<K, V> {

    private static final class Row<V> {
        V value;
        boolean stored;
        boolean present;
        boolean dirty;
    }

    private final Map<K, Row<V>> rows = new LinkedHashMap<>();
    private final String insertSql;
    private final BiFunction<K, V, Object[]> insertArgs;
    private final String updateSql;
    private final BiFunction<K, V, Object[]> updateArgs;
    private final String deleteSql;
    private final Function<K, Object[]> deleteArgs;

    NetRows(String insertSql, BiFunction<K, V, Object[]> insertArgs, String updateSql,
            BiFunction<K, V, Object[]> updateArgs, String deleteSql, Function<K, Object[]> deleteArgs) {
        this.insertSql = insertSql;
        this.insertArgs = insertArgs;
        this.updateSql = updateSql;
        this.updateArgs = updateArgs;
        this.deleteSql = deleteSql;
        this.deleteArgs = deleteArgs;
    }

    /** A row as the table holds it. */
    void loaded(K key, V value) {
        Row<V> row = new Row<>();
        row.value = value;
        row.stored = true;
        row.present = true;
        rows.put(key, row);
    }

    /** The row, or {@code null} when there is none (in the table or after the batch's changes). */
    V get(K key) {
        Row<V> row = rows.get(key);
        return row == null || !row.present ? null : row.value;
    }

    /** Every key the batch knows, present or deleted. */
    java.util.Set<K> keys() {
        return rows.keySet();
    }

    boolean contains(K key) {
        return get(key) != null;
    }

    /** Inserts or replaces the row. */
    void put(K key, V value) {
        Row<V> row = rows.computeIfAbsent(key, k -> new Row<>());
        row.value = value;
        row.present = true;
        row.dirty = true;
    }

    /** Deletes the row. */
    void remove(K key) {
        Row<V> row = rows.computeIfAbsent(key, k -> new Row<>());
        if (!row.stored && !row.present) {
            // Unknown so far: the caller knows the table holds it (a scan found it).
            row.stored = true;
        }
        row.present = false;
        row.value = null;
    }

    /** Marks a row found by a scan of the table, unless the batch knows it already. */
    V scanned(K key, V value) {
        Row<V> row = rows.get(key);
        if (row == null) {
            loaded(key, value);
            return value;
        }
        return row.present ? row.value : null;
    }

    /** Writes the rows whose last state differs from the table: deletes, then inserts, then updates. */
    void flush(JdbcTemplate jdbc) {
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        rows.forEach((key, row) -> {
            if (row.stored && !row.present) {
                deletes.add(deleteArgs.apply(key));
            } else if (!row.stored && row.present) {
                inserts.add(insertArgs.apply(key, row.value));
            } else if (row.present && row.dirty) {
                updates.add(updateArgs.apply(key, row.value));
            }
            row.stored = row.present;
            row.dirty = false;
        });
        PendingWrites.batch(jdbc, deleteSql, deletes);
        PendingWrites.batch(jdbc, insertSql, inserts);
        PendingWrites.batch(jdbc, updateSql, updates);
    }
}
