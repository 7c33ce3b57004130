package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.subsidy.Programme;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What events add to the target totals, as day buckets whose running sum is what {@link TargetCounter}'s
 * SQL counts for a year as of a day: the pure half of {@link TargetTotals}, shared by the projection and
 * the migration that fills the totals.
 * <p>
 * Equipment and collections are sums, so each event adds its own figure. The other rules count a key
 * whose state depends on several of its events — a VIN scrapped twice, a grant and its later
 * reversals, an enterprise's grants and revocations — so a key's contribution is recomputed from all
 * of its events and the change is what is added. Every such key is one event stream (the stream id of
 * VehicleScrapped is the VIN's, of a reversal its subsidy's, of a qualification its enterprise's):
 * sequenced per stream, one segment at a time handles it.
 */
final class TargetContribution {

    static final String VEHICLES_SCRAPPED = Counting.Rule.VEHICLES_SCRAPPED.name();
    /** VINs by the day of their first scrapping ever: the cumulative count of distinct VINs. */
    static final String VEHICLES_FIRST_SCRAPPED = "VEHICLES_FIRST_SCRAPPED";
    static final String APPLIANCE_TRADE_INS = Counting.Rule.APPLIANCE_TRADE_INS.name();
    /** +1 on the day an enterprise starts holding the filing, -1 on the day it stops: a stock. */
    static final String RECYCLING_FILINGS = Counting.Rule.RECYCLING_FILINGS.name();
    static final String APPLIANCES_COLLECTED = Counting.Rule.APPLIANCES_COLLECTED.name();

    private static final String APPLIANCE = Programme.APPLIANCE.name();
    private static final String FILING = Qualification.RECYCLING_FILING.name();

    private TargetContribution() {
    }

    static String quantity(String category) {
        return "QUANTITY:" + category;
    }

    static String investment(String category) {
        return "INVESTMENT:" + category;
    }

    /** Adds what an event counted on its own adds (nothing for the keyed rules). */
    static void addEvent(EventRow row, Map<TargetBucket, Long> into) {
        LocalDate day = row.occurredOn();
        if (row.is(EventRow.EQUIPMENT_RENEWED) && row.equipmentCategory() != null) {
            if (row.quantity() != null) {
                add(into, TargetBucket.on(quantity(row.equipmentCategory()), day), row.quantity());
            }
            if (row.amountFen() != null) {
                add(into, TargetBucket.on(investment(row.equipmentCategory()), day), row.amountFen());
            }
        } else if (row.is(EventRow.APPLIANCE_COLLECTED)) {
            add(into, TargetBucket.on(APPLIANCES_COLLECTED, day), 1);
        }
    }

    static void add(Map<TargetBucket, Long> into, TargetBucket bucket, long amount) {
        into.merge(bucket, amount, Long::sum);
    }

    /** Adds {@code sign} times each of {@code buckets} to {@code into}. */
    static void addAll(Map<TargetBucket, Long> into, Map<TargetBucket, Long> buckets, int sign) {
        buckets.forEach((bucket, amount) -> add(into, bucket, sign * amount));
    }

    /** The rules counted per key, with the events of a key that they read. */
    enum Keyed {
        VEHICLE(List.of(EventRow.VEHICLE_SCRAPPED)) {
            @Override
            Map<TargetBucket, Long> contribution(List<EventRow> rows) {
                return vehicles(rows);
            }
        },
        GRANT(List.of(EventRow.SUBSIDY_GRANTED, EventRow.SUBSIDY_REVERSED)) {
            @Override
            Map<TargetBucket, Long> contribution(List<EventRow> rows) {
                return tradeIns(rows);
            }
        },
        FILING(List.of(EventRow.QUALIFICATION_GRANTED, EventRow.QUALIFICATION_REVOKED)) {
            @Override
            boolean reads(EventRow row) {
                return super.reads(row) && TargetContribution.FILING.equals(row.qualification());
            }

            @Override
            Map<TargetBucket, Long> contribution(List<EventRow> rows) {
                return filings(rows);
            }
        };

        private final List<String> types;

        Keyed(List<String> types) {
            this.types = types;
        }

        List<String> types() {
            return types;
        }

        /** Whether the row is one of the events this rule reads of a key. */
        boolean reads(EventRow row) {
            return types.contains(row.type());
        }

        /** What the events of one stream (only those it {@link #reads}) add to the totals. */
        abstract Map<TargetBucket, Long> contribution(List<EventRow> rows);
    }

    /**
     * A VIN counts once in each year it was scrapped in, from its first scrapping that year, and once
     * among all years, from its first scrapping ever.
     */
    private static Map<TargetBucket, Long> vehicles(List<EventRow> rows) {
        Map<String, TreeSet<LocalDate>> daysByVin = new TreeMap<>();
        for (EventRow row : rows) {
            if (row.vin() != null) {
                daysByVin.computeIfAbsent(row.vin(), vin -> new TreeSet<>()).add(row.occurredOn());
            }
        }
        Map<TargetBucket, Long> out = new TreeMap<>();
        for (TreeSet<LocalDate> days : daysByVin.values()) {
            add(out, TargetBucket.on(VEHICLES_FIRST_SCRAPPED, days.first()), 1);
            Map<Integer, LocalDate> firstInYear = new TreeMap<>();
            days.forEach(day -> firstInYear.putIfAbsent(day.getYear(), day));
            firstInYear.values().forEach(day -> add(out, TargetBucket.on(VEHICLES_SCRAPPED, day), 1));
        }
        return out;
    }

    /**
     * An APPLIANCE grant counts, for its own year, on the days when the reversals of its stream that
     * occurred by then do not reach its amount: +1 on the day it starts to count, -1 on a reversal's day
     * that reaches the amount — which may be in a later year than the grant.
     */
    private static Map<TargetBucket, Long> tradeIns(List<EventRow> rows) {
        TreeMap<LocalDate, Long> reversedByDay = new TreeMap<>();
        for (EventRow row : rows) {
            if (row.is(EventRow.SUBSIDY_REVERSED) && row.amountFen() != null) {
                reversedByDay.merge(row.occurredOn(), row.amountFen(), Long::sum);
            }
        }
        Map<TargetBucket, Long> out = new TreeMap<>();
        for (EventRow grant : rows) {
            if (!grant.is(EventRow.SUBSIDY_GRANTED) || !APPLIANCE.equals(grant.programme()) || grant.amountFen() == null) {
                continue;
            }
            LocalDate granted = grant.occurredOn();
            long reversed = reversedByDay.headMap(granted, true).values().stream().mapToLong(Long::longValue).sum();
            boolean counted = grant.amountFen() > reversed;
            if (counted) {
                add(out, new TargetBucket(APPLIANCE_TRADE_INS, granted.getYear(), granted), 1);
            }
            for (Map.Entry<LocalDate, Long> later : reversedByDay.tailMap(granted, false).entrySet()) {
                reversed += later.getValue();
                if (counted != grant.amountFen() > reversed) {
                    counted = !counted;
                    add(out, new TargetBucket(APPLIANCE_TRADE_INS, granted.getYear(), later.getKey()), counted ? 1 : -1);
                }
            }
        }
        return out;
    }

    /** The days an enterprise holds the filing through one grant, from {@code from} to {@code to} (null: open). */
    private record Held(String enterpriseId, LocalDate from, LocalDate to) {
    }

    /**
     * An enterprise holds RECYCLING_FILING on a day when one of its grants has occurred and is valid by
     * then, has not expired before it, and no later revocation of the same stream has occurred and taken
     * effect by then. The union of the grants' days is one run or more: +1 where a run starts, -1 on the
     * day after it ends.
     */
    private static Map<TargetBucket, Long> filings(List<EventRow> rows) {
        List<Held> held = new ArrayList<>();
        for (EventRow grant : rows) {
            if (!grant.is(EventRow.QUALIFICATION_GRANTED) || grant.enterpriseId() == null || grant.businessDate() == null) {
                continue;
            }
            LocalDate from = latest(grant.occurredOn(), grant.businessDate());
            LocalDate to = grant.validTo();
            for (EventRow revocation : rows) {
                if (revocation.is(EventRow.QUALIFICATION_REVOKED) && revocation.streamId().equals(grant.streamId())
                        && revocation.sequence() > grant.sequence() && revocation.businessDate() != null) {
                    LocalDate dayBefore = latest(revocation.occurredOn(), revocation.businessDate()).minusDays(1);
                    to = to == null || dayBefore.isBefore(to) ? dayBefore : to;
                }
            }
            if (to == null || !to.isBefore(from)) {
                held.add(new Held(grant.enterpriseId(), from, to));
            }
        }
        held.sort(Comparator.comparing(Held::enterpriseId).thenComparing(Held::from));
        Map<TargetBucket, Long> out = new TreeMap<>();
        Held run = null;
        for (Held next : held) {
            if (run != null && run.enterpriseId().equals(next.enterpriseId())
                    && (run.to() == null || !next.from().isAfter(run.to().plusDays(1)))) {
                run = new Held(run.enterpriseId(), run.from(),
                        run.to() == null || next.to() == null ? null : latest(run.to(), next.to()));
            } else {
                close(run, out);
                run = next;
            }
        }
        close(run, out);
        return out;
    }

    private static void close(Held run, Map<TargetBucket, Long> out) {
        if (run != null) {
            add(out, TargetBucket.on(RECYCLING_FILINGS, run.from()), 1);
            if (run.to() != null) {
                add(out, TargetBucket.on(RECYCLING_FILINGS, run.to().plusDays(1)), -1);
            }
        }
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
