package cn.huanxin.ledger.projections.fraud.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * R22's windows as running sums: for a model and a grant's day d, the grants of the model dated
 * d − D … d − 1 that the rule has recorded, summed by price, in all and merchant by merchant. Every
 * grant of a model on day d is judged against the same window until a grant dated inside it is
 * recorded, and that grant is added to the sums rather than the window summed again. So a grant costs a
 * look-up in its window instead of a walk over every price cell of its model's D days — the walk that
 * took most of a fraud rebuild's time in {@code R22CampaignPriceMarkup}.
 * <p>
 * A window is made from the price cells the rule holds for the model, all of whose days the rule has
 * read by then: from the kept window of a nearby day, less and plus the days the two do not share, or
 * summed afresh (see {@link #window(String, LocalDate, Days)}). Every cell added afterwards — a grant
 * recorded, a row read — is added to each window of the model that covers its day. A model keeps its
 * {@value #PER_MODEL} most recently used
 * windows: grants of a few days in flight at once (the ledger takes them as they are posted, a day or
 * two late) each find theirs. What the windows hold is weighed in the rule's {@link DayMemory}, one
 * entry per price of a merchant or of the market, and goes with the model when the memory forgets it.
 * Used by one batch at a time.
 */
final class R22Windows {

    /** The windows a model keeps at most. */
    static final int PER_MODEL = 8;

    private final int lookbackDays;
    private final DayMemory<?> weights;
    private final Map<String, LinkedHashMap<LocalDate, Window>> models = new HashMap<>();

    /**
     * @param lookbackDays D, the days before a grant's day its window covers
     * @param weights      the memory the windows are weighed in, by model
     */
    R22Windows(int lookbackDays, DayMemory<?> weights) {
        this.lookbackDays = lookbackDays;
        this.weights = weights;
    }

    /** The model's window for grants of {@code day}, or null when it has none. */
    Window window(String model, LocalDate day) {
        LinkedHashMap<LocalDate, Window> windows = models.get(model);
        return windows == null ? null : windows.get(day);
    }

    /** The grants of a model's cells dated {@code from} → {@code to}, both included, cell by cell. */
    @FunctionalInterface
    interface Days {
        void each(LocalDate from, LocalDate to, Cells cells);
    }

    /** One cell's grants: a merchant's, at a price. */
    @FunctionalInterface
    interface Cells {
        void grants(String merchant, long price, long grants);
    }

    /**
     * The model's window for grants of {@code day}: the one kept, else one made and kept. A window is
     * made from the kept window of the nearest day, when that is less than D/2 days away, by taking out
     * the cells of the days it covers and the new one does not and adding those the new one covers and it
     * did not: for the next day's window, two days of cells instead of D. Otherwise it is summed from the
     * D days' cells. Either way it holds the grants of the cells of its days, as they stand.
     *
     * @param days the model's cells, of days the rule holds
     */
    Window window(String model, LocalDate day, Days days) {
        Window window = window(model, day);
        if (window != null) {
            return window;
        }
        LocalDate from = day.minusDays(lookbackDays);
        LocalDate to = day.minusDays(1);
        Window near = nearest(model, day);
        if (near == null) {
            window = new Window(day);
            each(days, from, to, window::add);
        } else {
            window = near.copy(day);
            LocalDate nearFrom = near.day.minusDays(lookbackDays);
            LocalDate nearTo = near.day.minusDays(1);
            if (near.day.isBefore(day)) {
                each(days, nearFrom, DayWindows.min(nearTo, from.minusDays(1)), window::take);
                each(days, DayWindows.max(from, nearTo.plusDays(1)), to, window::add);
            } else {
                each(days, DayWindows.max(nearFrom, to.plusDays(1)), nearTo, window::take);
                each(days, from, DayWindows.min(to, nearFrom.minusDays(1)), window::add);
            }
        }
        keep(weights.name(model), window);
        return window;
    }

    private static void each(Days days, LocalDate from, LocalDate to, Cells cells) {
        if (!from.isAfter(to)) {
            days.each(from, to, cells);
        }
    }

    /** The model's kept window of the day nearest to {@code day}, when less than D/2 days away; else null. */
    private Window nearest(String model, LocalDate day) {
        LinkedHashMap<LocalDate, Window> windows = models.get(model);
        if (windows == null) {
            return null;
        }
        Window nearest = null;
        long distance = Long.MAX_VALUE;
        for (Window window : windows.values()) {
            long apart = Math.abs(window.day.toEpochDay() - day.toEpochDay());
            if (apart < distance) {
                nearest = window;
                distance = apart;
            }
        }
        return 2 * distance < lookbackDays ? nearest : null;
    }

    /** Keeps a window the rule has made, forgetting the model's least recently used beyond {@link #PER_MODEL}. */
    void keep(String model, Window window) {
        LinkedHashMap<LocalDate, Window> windows = models.computeIfAbsent(model,
                k -> new LinkedHashMap<>(16, 0.75f, true));
        windows.put(window.day, window);
        weights.grew(model, window.weight);
        Iterator<Window> oldest = windows.values().iterator();
        while (windows.size() > PER_MODEL) {
            weights.grew(model, -oldest.next().weight);
            oldest.remove();
        }
    }

    /** Adds {@code grants} grants of the model, dated {@code day}, to every window kept that covers the day. */
    void add(String model, LocalDate day, String merchant, long price, long grants) {
        LinkedHashMap<LocalDate, Window> windows = models.get(model);
        if (windows == null || grants <= 0) {
            return;
        }
        for (Window window : windows.values()) {
            if (day.isBefore(window.day) && !day.isBefore(window.day.minusDays(lookbackDays))) {
                int grew = window.add(merchant, price, grants);
                weights.grew(model, grew);
            }
        }
    }

    /** Forgets the windows of the models the memory no longer holds (their weight went with them). */
    void retain(Predicate<String> held) {
        models.keySet().removeIf(held.negate());
    }

    /** The grants of one model over the D days before one day, by price: in all, and merchant by merchant. */
    static final class Window {
        final LocalDate day;
        private final Prices all = new Prices();
        private final Map<String, Prices> merchants = new HashMap<>();
        /** Entries held: prices of the market and of each merchant. */
        private int weight;

        /** An empty window for grants of {@code day}: the rule adds the cells of the D days before it. */
        Window(LocalDate day) {
            this.day = day;
        }

        /** Adds grants of a merchant at a price; returns the entries this added (0, 1 or 2). */
        int add(String merchant, long price, long grants) {
            if (grants <= 0) {
                return 0;
            }
            int grew = all.add(price, grants) + merchants.computeIfAbsent(merchant, m -> new Prices()).add(price, grants);
            weight += grew;
            return grew;
        }

        /**
         * Takes away grants of a merchant at a price that the window holds; a price left without grants
         * goes, and a merchant left without prices, as if never added.
         */
        void take(String merchant, long price, long grants) {
            if (grants <= 0) {
                return;
            }
            Prices own = merchants.get(merchant);
            if (own == null) {
                throw new IllegalStateException("R22 window of " + day + " holds no grant of merchant " + merchant);
            }
            weight -= all.take(price, grants) + own.take(price, grants);
            if (own.size == 0) {
                merchants.remove(merchant);
            }
        }

        /** A window for grants of {@code day} holding what this one holds, to be made that day's by the caller. */
        Window copy(LocalDate day) {
            Window copy = new Window(day);
            copy.all.set(all);
            for (Map.Entry<String, Prices> entry : merchants.entrySet()) {
                Prices prices = new Prices();
                prices.set(entry.getValue());
                copy.merchants.put(entry.getKey(), prices);
            }
            copy.weight = weight;
            return copy;
        }

        /** What the window holds, in a fixed order: for tests to compare windows made in different ways. */
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(day + " all=" + all);
            new TreeMap<>(merchants).forEach((merchant, prices) -> text.append(' ').append(merchant)
                    .append('=').append(prices));
            return text.append(" weight=").append(weight).toString();
        }

        /** The merchant's own grants in the window. */
        long ownGrants(String merchant) {
            Prices own = merchants.get(merchant);
            return own == null ? 0 : own.total;
        }

        /** The grants of the other merchants. */
        long otherGrants(String merchant) {
            return all.total - ownGrants(merchant);
        }

        /** How many other merchants have grants in the window. */
        int otherMerchants(String merchant) {
            return merchants.size() - (merchants.containsKey(merchant) ? 1 : 0);
        }

        /**
         * Whether {@code priceFen} exceeds the median of the merchant's own grants by the factor, as
         * {@link R22PriceSide#exceededBy} decides it; the merchant has grants in the window.
         */
        boolean ownExceeded(String merchant, long priceFen, BigDecimal factor) {
            Prices own = merchants.get(merchant);
            long xMax = R22PriceSide.threshold(priceFen, factor);
            int above = own.firstAbove(xMax);
            return R22PriceSide.exceeds(priceFen, factor, own.total, own.atMost(above),
                    above == 0 ? Long.MIN_VALUE : own.prices[above - 1],
                    above == own.size ? Long.MAX_VALUE : own.prices[above]);
        }

        /**
         * Whether {@code priceFen} exceeds the median of the other merchants' grants by the factor, as
         * {@link R22PriceSide#exceededBy} decides it; the others have grants in the window. Their prices
         * are the market's less the merchant's own.
         */
        boolean othersExceeded(String merchant, long priceFen, BigDecimal factor) {
            Prices own = merchants.getOrDefault(merchant, Prices.NONE);
            long xMax = R22PriceSide.threshold(priceFen, factor);
            int above = all.firstAbove(xMax);
            long below = all.atMost(above) - own.atMost(own.firstAbove(xMax));
            long dearestBelow = Long.MIN_VALUE;
            for (int i = above - 1; i >= 0; i--) {
                if (all.counts[i] > own.count(all.prices[i])) {
                    dearestBelow = all.prices[i];
                    break;
                }
            }
            long cheapestAbove = Long.MAX_VALUE;
            for (int i = above; i < all.size; i++) {
                if (all.counts[i] > own.count(all.prices[i])) {
                    cheapestAbove = all.prices[i];
                    break;
                }
            }
            return R22PriceSide.exceeds(priceFen, factor, all.total - own.total, below, dearestBelow, cheapestAbove);
        }
    }

    /** Grants by price, the prices ascending. */
    private static final class Prices {
        static final Prices NONE = new Prices();

        long[] prices = new long[4];
        long[] counts = new long[4];
        int size;
        long total;

        /** Adds grants at a price; returns 1 when the price is new, else 0. */
        int add(long price, long grants) {
            total += grants;
            int at = Arrays.binarySearch(prices, 0, size, price);
            if (at >= 0) {
                counts[at] += grants;
                return 0;
            }
            int insert = -at - 1;
            if (size == prices.length) {
                prices = Arrays.copyOf(prices, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            System.arraycopy(prices, insert, prices, insert + 1, size - insert);
            System.arraycopy(counts, insert, counts, insert + 1, size - insert);
            prices[insert] = price;
            counts[insert] = grants;
            size++;
            return 1;
        }

        /** Takes away grants at a price held; returns 1 when the price is left without grants and goes, else 0. */
        int take(long price, long grants) {
            int at = Arrays.binarySearch(prices, 0, size, price);
            if (at < 0 || counts[at] < grants) {
                throw new IllegalStateException("R22 window holds fewer than " + grants + " grants at " + price);
            }
            total -= grants;
            counts[at] -= grants;
            if (counts[at] > 0) {
                return 0;
            }
            System.arraycopy(prices, at + 1, prices, at, size - at - 1);
            System.arraycopy(counts, at + 1, counts, at, size - at - 1);
            size--;
            return 1;
        }

        /** Holds what {@code other} holds. */
        void set(Prices other) {
            prices = Arrays.copyOf(other.prices, Math.max(4, other.size));
            counts = Arrays.copyOf(other.counts, prices.length);
            size = other.size;
            total = other.total;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < size; i++) {
                text.append(i == 0 ? "" : ",").append(prices[i]).append('x').append(counts[i]);
            }
            return text.append(']').toString();
        }

        /** The grants at the price. */
        long count(long price) {
            int at = Arrays.binarySearch(prices, 0, size, price);
            return at >= 0 ? counts[at] : 0;
        }

        /** The index of the first price above {@code x} ({@code size} when there is none). */
        int firstAbove(long x) {
            int at = Arrays.binarySearch(prices, 0, size, x);
            return at >= 0 ? at + 1 : -at - 1;
        }

        /** The grants at the prices before index {@code end}. */
        long atMost(int end) {
            long sum = 0;
            for (int i = 0; i < end; i++) {
                sum += counts[i];
            }
            return sum;
        }
    }
}
