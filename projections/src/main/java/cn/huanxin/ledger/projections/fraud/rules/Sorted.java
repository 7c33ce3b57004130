package cn.huanxin.ledger.projections.fraud.rules;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;

/**
 * Keeps an in-memory list in the order a rule's {@code ORDER BY} gives: a row the batch adds goes
 * after every row that sorts equal to it, where a table scan finds a row inserted later.
 */
final class Sorted {

    private Sorted() {
    }

    /**
     * The rank of each text in the database's own order ({@code ORDER BY} on a text column follows
     * the database's collation, which need not be Java's {@link String#compareTo}). Asked only when
     * there are two or more texts to order, which is rare, so that an in-memory decision lists
     * evidence exactly as the table scan it replaces did.
     */
    static Map<String, Integer> ranks(JdbcTemplate jdbc, Collection<String> texts) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(texts));
        Map<String, Integer> ranks = new HashMap<>();
        if (distinct.size() < 2) {
            distinct.forEach(text -> ranks.put(text, 0));
            return ranks;
        }
        List<String> ordered = jdbc.queryForList("SELECT v FROM (VALUES "
                + "(CAST(? AS VARCHAR(1000))),".repeat(distinct.size() - 1) + "(CAST(? AS VARCHAR(1000)))"
                + ") AS t(v) ORDER BY v", String.class, distinct.toArray());
        for (int i = 0; i < ordered.size(); i++) {
            ranks.put(ordered.get(i), i);
        }
        return ranks;
    }

    static <T> void insert(List<T> rows, T row, Comparator<? super T> order) {
        int at = rows.size();
        while (at > 0 && order.compare(rows.get(at - 1), row) > 0) {
            at--;
        }
        rows.add(at, row);
    }
}
