package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.supervision.TargetContribution.Keyed;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.Databases;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Running totals of the plan's targets in {@code supervision_target_total}, kept by the projection in
 * the transaction that indexes the events, so that {@code /targets} reads a few rows per target
 * instead of counting {@code supervision_event}.
 * <p>
 * A row is a counter's change on one day ({@link TargetBucket}); a target's actual is the sum of its
 * counter's rows over the years of its period up to a day. That answers without a filter and with
 * {@code asOf} exactly as {@link TargetCounter}'s SQL does; {@code knownAt} needs record time, which the
 * totals do not keep, so it goes to the SQL. Totals are kept for every rule and equipment category
 * whatever the catalogue says, so a changed catalogue needs no rebuild. The table holds at most one row
 * per counter, period year and day.
 * <p>
 * Segments add to the same rows at once: each batch adds its changes with one atomic additive upsert
 * per chunk, in key order, so two transactions cannot deadlock on them.
 */
final class TargetTotals {

    static final String TABLE = "supervision_target_total";

    private static final int BUCKETS_PER_UPSERT = 250;
    private static final int FILL_FETCH_SIZE = 1000;

    private static final String SUM = "SELECT COALESCE(SUM(amount), 0) FROM " + TABLE
            + " WHERE counter_name = ? AND period_year >= ? AND period_year <= ?";

    private static final String POSTGRES_UPSERT = "INSERT INTO " + TABLE
            + " AS t (counter_name, period_year, on_day, amount) VALUES %s"
            + " ON CONFLICT (counter_name, period_year, on_day) DO UPDATE SET amount = t.amount + EXCLUDED.amount";
    private static final String POSTGRES_ROW = "(?, ?, ?, ?)";

    /** Standard MERGE for H2: its typed VALUES rows give the derived table its column types. */
    private static final String MERGE = "MERGE INTO " + TABLE + " t USING (VALUES %s)"
            + " AS s (counter_name, period_year, on_day, amount)"
            + " ON t.counter_name = s.counter_name AND t.period_year = s.period_year AND t.on_day = s.on_day"
            + " WHEN MATCHED THEN UPDATE SET amount = t.amount + s.amount"
            + " WHEN NOT MATCHED THEN INSERT (counter_name, period_year, on_day, amount)"
            + " VALUES (s.counter_name, s.period_year, s.on_day, s.amount)";
    private static final String MERGE_ROW =
            "(CAST(? AS VARCHAR(64)), CAST(? AS INTEGER), CAST(? AS DATE), CAST(? AS BIGINT))";

    private final SupervisionStore store;
    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    TargetTotals(SupervisionStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.jdbc = store.jdbc();
    }

    // ---- writing ----

    /**
     * What newly indexed events change, read after they were inserted: their own figures, plus for
     * each key they touch its contribution with them less its contribution without them. One read
     * per keyed rule, whatever the number of keys.
     */
    Map<TargetBucket, Long> changes(List<EventRow> inserted) {
        Map<TargetBucket, Long> changes = new TreeMap<>();
        inserted.forEach(row -> TargetContribution.addEvent(row, changes));
        Set<String> insertedIds = inserted.stream().map(EventRow::ledgerEventId).collect(Collectors.toSet());
        for (Keyed keyed : Keyed.values()) {
            Set<String> streams = inserted.stream().filter(keyed::reads).map(EventRow::streamId)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (streams.isEmpty()) {
                continue;
            }
            Map<String, List<EventRow>> byStream = store.streams(streams, keyed.types()).stream()
                    .filter(keyed::reads).collect(Collectors.groupingBy(EventRow::streamId));
            for (List<EventRow> now : byStream.values()) {
                List<EventRow> before = now.stream().filter(row -> !insertedIds.contains(row.ledgerEventId())).toList();
                TargetContribution.addAll(changes, keyed.contribution(now), 1);
                TargetContribution.addAll(changes, keyed.contribution(before), -1);
            }
        }
        changes.values().removeIf(amount -> amount == 0);
        return changes;
    }

    /** Adds the changes to the totals, in key order. */
    void add(Map<TargetBucket, Long> changes) {
        List<Map.Entry<TargetBucket, Long>> sorted = new ArrayList<>(new TreeMap<>(changes).entrySet());
        sorted.removeIf(entry -> entry.getValue() == 0);
        boolean pg = isPostgres();
        String template = pg ? POSTGRES_UPSERT : MERGE;
        String row = pg ? POSTGRES_ROW : MERGE_ROW;
        for (int from = 0; from < sorted.size(); from += BUCKETS_PER_UPSERT) {
            List<Map.Entry<TargetBucket, Long>> chunk = sorted.subList(from, Math.min(sorted.size(), from + BUCKETS_PER_UPSERT));
            jdbc.update(template.formatted(String.join(", ", Collections.nCopies(chunk.size(), row))), ps -> {
                int index = 1;
                for (Map.Entry<TargetBucket, Long> entry : chunk) {
                    ps.setString(index++, entry.getKey().counter());
                    ps.setInt(index++, entry.getKey().year());
                    ps.setObject(index++, entry.getKey().day());
                    ps.setLong(index++, entry.getValue());
                }
            });
        }
    }

    /**
     * Computes the totals from every indexed event, into an empty table (the migration that adds the
     * table to a database indexed before it). Streams through the events, a key's at a time, so memory
     * holds one stream's events and the buckets.
     */
    void fill() {
        Map<TargetBucket, Long> totals = new TreeMap<>();
        store.forEachOfTypes(List.of(EventRow.EQUIPMENT_RENEWED, EventRow.APPLIANCE_COLLECTED), FILL_FETCH_SIZE,
                row -> TargetContribution.addEvent(row, totals));
        for (Keyed keyed : Keyed.values()) {
            StreamGroups groups = new StreamGroups(rows -> TargetContribution.addAll(totals, keyed.contribution(rows), 1));
            store.forEachOfTypes(keyed.types(), FILL_FETCH_SIZE, row -> {
                if (keyed.reads(row)) {
                    groups.accept(row);
                }
            });
            groups.finish();
        }
        totals.values().removeIf(amount -> amount == 0);
        add(totals);
    }

    /** Collects consecutive rows of one stream (rows come ordered by stream) and hands each stream's on. */
    private static final class StreamGroups implements Consumer<EventRow> {
        private final Consumer<List<EventRow>> onStream;
        private final List<EventRow> current = new ArrayList<>();

        StreamGroups(Consumer<List<EventRow>> onStream) {
            this.onStream = onStream;
        }

        @Override
        public void accept(EventRow row) {
            if (!current.isEmpty() && !current.get(0).streamId().equals(row.streamId())) {
                finish();
            }
            current.add(row);
        }

        void finish() {
            if (!current.isEmpty()) {
                onStream.accept(List.copyOf(current));
                current.clear();
            }
        }
    }

    // ---- reading ----

    /**
     * The target's actual from the totals, or empty when they cannot answer for the filter (a
     * {@code knownAt}): the caller counts it with SQL then.
     */
    Optional<BigDecimal> actual(TargetDefinition target, Bitemporal time) {
        if (time.knownAt() != null) {
            return Optional.empty();
        }
        int year = target.year();
        int firstYear = target.cumulative() ? Integer.MIN_VALUE : year;
        LocalDate asOf = time.asOf();
        Counting counting = target.counting();
        return Optional.of(switch (counting.rule()) {
            case EQUIPMENT_QUANTITY -> BigDecimal.valueOf(
                    sum(TargetContribution.quantity(counting.category().name()), firstYear, year, asOf));
            case EQUIPMENT_INVESTMENT -> BigDecimal.valueOf(
                    sum(TargetContribution.investment(counting.category().name()), firstYear, year, asOf), 2);
            case VEHICLES_SCRAPPED -> BigDecimal.valueOf(target.cumulative()
                    ? sum(TargetContribution.VEHICLES_FIRST_SCRAPPED, firstYear, year, asOf)
                    : sum(TargetContribution.VEHICLES_SCRAPPED, year, year, asOf));
            case APPLIANCES_COLLECTED -> BigDecimal.valueOf(
                    sum(TargetContribution.APPLIANCES_COLLECTED, firstYear, year, asOf));
            case APPLIANCE_TRADE_INS -> BigDecimal.valueOf(
                    sum(TargetContribution.APPLIANCE_TRADE_INS, firstYear, year, asOf));
            case RECYCLING_FILINGS -> {
                LocalDate yearEnd = LocalDate.of(year, 12, 31);
                yield BigDecimal.valueOf(sum(TargetContribution.RECYCLING_FILINGS, Integer.MIN_VALUE, year,
                        asOf != null && asOf.isBefore(yearEnd) ? asOf : yearEnd));
            }
        });
    }

    private long sum(String counter, int firstYear, int lastYear, LocalDate upToDay) {
        Number value = upToDay == null
                ? jdbc.queryForObject(SUM, Number.class, counter, firstYear, lastYear)
                : jdbc.queryForObject(SUM + " AND on_day <= ?", Number.class, counter, firstYear, lastYear, upToDay);
        return value == null ? 0 : value.longValue();
    }

    private boolean isPostgres() {
        if (postgres == null) {
            postgres = Databases.isPostgres(jdbc);
        }
        return postgres;
    }
}
