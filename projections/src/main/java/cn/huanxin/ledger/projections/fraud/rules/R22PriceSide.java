package cn.huanxin.ledger.projections.fraud.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What R22 compares one grant with, on one side: the merchant's own earlier grants of the model, or
 * the other merchants'. It holds the prices and grant counts of the side's price cells in primitive
 * arrays, reused from grant to grant within a batch, and the side's median: this runs once or twice
 * for every grant judged, over every cell of the model's D days, so no object is made per cell. Whether
 * a price exceeds the median by the markup is decided without the median, in one pass that counts the
 * prices below the threshold ({@link #exceededBy}); the median itself, a sort, is computed only for an
 * alert's text.
 */
final class R22PriceSide {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    /** Bits of a packed sort key that hold a cell's index; the price takes the others. */
    private static final int INDEX_BITS = 24;

    private long[] prices = new long[64];
    private long[] counts = new long[64];
    private int size;
    private long grants;
    private int merchantsWanted;
    /** Distinct merchants seen, as far as {@link #merchantsWanted}; all of them once {@link #countAll} ran. */
    final List<String> merchants = new ArrayList<>();
    /** The median, once {@link #median()} has computed it for the current grant. */
    BigDecimal median;

    /** Empties the side for the next grant; distinct merchants are counted as far as {@code merchantsWanted}. */
    void reset(int merchantsWanted) {
        size = 0;
        grants = 0;
        merchants.clear();
        this.merchantsWanted = merchantsWanted;
        median = null;
    }

    /** Adds a cell: {@code cellGrants} grants by the merchant at the price. Empty cells are left out. */
    void add(String merchantId, long priceFen, long cellGrants) {
        if (cellGrants <= 0) {
            return;
        }
        if (size == prices.length) {
            prices = Arrays.copyOf(prices, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        prices[size] = priceFen;
        counts[size] = cellGrants;
        size++;
        grants += cellGrants;
        if (merchants.size() < merchantsWanted && !merchants.contains(merchantId)) {
            merchants.add(merchantId);
        }
    }

    /** The grants the side's cells hold. */
    long grants() {
        return grants;
    }

    /** Replaces the merchants counted so far by all of them (an alert names how many there were). */
    void countAll(List<String> all) {
        merchants.clear();
        merchants.addAll(all);
    }

    /**
     * Whether {@code priceFen > median × factor}, exactly, for {@code factor} ≥ 1 (1 + the markup),
     * without sorting. With q = price / factor, that is median &lt; q. The largest whole fen below q is
     * {@code xMax = ⌈q⌉ − 1}; let c be the grants priced at most xMax. The median is the mean of the
     * grants at ranks ⌊(n−1)/2⌋ and ⌊n/2⌋ (from 0): when c exceeds the upper rank both lie below q,
     * when c does not exceed the lower rank both lie at or above ⌈q⌉ ≥ q; otherwise (n even, c = n/2)
     * they are the dearest price at most xMax and the cheapest above it, and their mean is compared
     * exactly.
     */
    boolean exceededBy(long priceFen, BigDecimal factor) {
        long xMax = threshold(priceFen, factor);
        long below = 0;
        long dearestBelow = Long.MIN_VALUE;
        long cheapestAbove = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            long price = prices[i];
            if (price <= xMax) {
                below += counts[i];
                dearestBelow = Math.max(dearestBelow, price);
            } else {
                cheapestAbove = Math.min(cheapestAbove, price);
            }
        }
        return exceeds(priceFen, factor, grants, below, dearestBelow, cheapestAbove);
    }

    /** {@code xMax} of {@link #exceededBy}: the largest whole fen below {@code priceFen / factor}. */
    static long threshold(long priceFen, BigDecimal factor) {
        return BigDecimal.valueOf(priceFen).divide(factor, 0, RoundingMode.CEILING).longValueExact() - 1;
    }

    /**
     * The decision of {@link #exceededBy} from a side's counts: {@code grants} in all (at least one),
     * {@code below} of them priced at most the {@link #threshold}, the dearest of those prices and the
     * cheapest price above it.
     */
    static boolean exceeds(long priceFen, BigDecimal factor, long grants, long below, long dearestBelow,
                           long cheapestAbove) {
        long lowerRank = (grants - 1) / 2;
        long upperRank = grants / 2;
        if (below > upperRank) {
            return true;
        }
        if (below <= lowerRank) {
            return false;
        }
        return BigDecimal.valueOf(dearestBelow).add(BigDecimal.valueOf(cheapestAbove)).multiply(factor)
                .compareTo(BigDecimal.valueOf(priceFen).multiply(TWO)) < 0;
    }

    /** Computes and keeps the median of the side's grants' prices. */
    BigDecimal median() {
        median = median(prices, counts, size, grants);
        return median;
    }

    /**
     * The median of the prices of {@code size} cells ({@code prices[i]} held by {@code counts[i]}
     * grants, {@code count} in all), in fen (maybe half a fen). The cells are ordered by price as
     * primitive keys, the price above the cell's index; a price beyond 2^39 fen (money goes up to
     * 10^17) or more than 2^24 cells take a comparator sort of the indexes.
     */
    static BigDecimal median(long[] prices, long[] counts, int size, long count) {
        long[] order = new long[size];
        boolean packed = size < 1 << INDEX_BITS;
        for (int i = 0; i < size && packed; i++) {
            packed = prices[i] >= 0 && prices[i] < 1L << (63 - INDEX_BITS);
            order[i] = prices[i] << INDEX_BITS | i;
        }
        if (packed) {
            Arrays.sort(order);
        } else {
            Integer[] indexes = new Integer[size];
            for (int i = 0; i < size; i++) {
                indexes[i] = i;
            }
            Arrays.sort(indexes, Comparator.comparingLong(i -> prices[i]));
            for (int i = 0; i < size; i++) {
                order[i] = indexes[i];
            }
        }
        long lower = (count - 1) / 2;
        long upper = count / 2;
        long seen = 0;
        long lowerPrice = -1;
        boolean lowerFound = false;
        for (long key : order) {
            int index = packed ? (int) (key & ((1 << INDEX_BITS) - 1)) : (int) key;
            seen += counts[index];
            if (!lowerFound && seen > lower) {
                lowerPrice = prices[index];
                lowerFound = true;
            }
            if (seen > upper) {
                return BigDecimal.valueOf(lowerPrice + prices[index]).divide(TWO);
            }
        }
        throw new IllegalStateException("the cells hold fewer than " + count + " grants");
    }
}
