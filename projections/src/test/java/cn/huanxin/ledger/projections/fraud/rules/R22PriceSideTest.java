package cn.huanxin.ledger.projections.fraud.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * R22's median over price cells (a price and the number of grants at it) is the median of the grants'
 * prices one by one: the middle price, or the mean of the two middle prices of an even count, in
 * half fen. Checked against that definition on random cells, with prices that share and that do not
 * share their cells, and with prices too large to pack beside a cell's index.
 */
class R22PriceSideTest {

    private static BigDecimal byDefinition(long[] prices, long[] counts, int size) {
        List<Long> each = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            for (long c = 0; c < counts[i]; c++) {
                each.add(prices[i]);
            }
        }
        Collections.sort(each);
        int n = each.size();
        return BigDecimal.valueOf(each.get((n - 1) / 2) + each.get(n / 2)).divide(BigDecimal.valueOf(2));
    }

    @Test
    void theMedianOfTheCellsIsTheMedianOfTheirGrantsOneByOne() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            int size = 1 + random.nextInt(round % 10 == 0 ? 500 : 12);
            long[] prices = new long[size];
            long[] counts = new long[size];
            long total = 0;
            boolean huge = round % 7 == 0;
            for (int i = 0; i < size; i++) {
                long base = huge ? (1L << 45) : 300_000;
                prices[i] = base + random.nextInt(random.nextBoolean() ? 20 : 20_000);
                counts[i] = 1 + random.nextInt(random.nextInt(5) == 0 ? 30 : 3);
                total += counts[i];
            }
            assertThat(R22PriceSide.median(prices, counts, size, total))
                    .as("round %d", round).isEqualByComparingTo(byDefinition(prices, counts, size));
        }
    }

    /**
     * The check without a sort answers exactly what comparing with the median does: random cells, prices
     * right at the thresholds (the markup applied to a price, ± a fen), even counts whose two middle
     * prices straddle the threshold, a markup of 0 and of odd fractions.
     */
    @Test
    void aPriceExceedsTheMarkedUpMedianExactlyWhenTheCountingSaysSo() {
        Random random = new Random(11);
        String[] markups = {"0", "0.10", "0.20", "0.333", "1.5", "0.07"};
        R22PriceSide side = new R22PriceSide();
        int exceeded = 0;
        for (int round = 0; round < 20_000; round++) {
            side.reset(0);
            int size = 1 + random.nextInt(round % 10 == 0 ? 200 : 8);
            long[] prices = new long[size];
            long[] counts = new long[size];
            long base = round % 13 == 0 ? (1L << 45) : 1_000;
            for (int i = 0; i < size; i++) {
                prices[i] = base + random.nextInt(random.nextBoolean() ? 5 : 400);
                counts[i] = 1 + random.nextInt(random.nextInt(4) == 0 ? 6 : 2);
                side.add("E-" + i, prices[i], counts[i]);
            }
            BigDecimal factor = BigDecimal.ONE.add(new BigDecimal(markups[random.nextInt(markups.length)]));
            BigDecimal median = byDefinition(prices, counts, size);
            long price = median.multiply(factor).setScale(0, java.math.RoundingMode.FLOOR).longValueExact()
                    + random.nextInt(5) - 2;
            boolean expected = BigDecimal.valueOf(price).compareTo(median.multiply(factor)) > 0;
            exceeded += expected ? 1 : 0;
            assertThat(side.exceededBy(price, factor)).as("round %d: %d against median %s × %s", round, price,
                    median, factor).isEqualTo(expected);
        }
        assertThat(exceeded).as("both answers are tried").isBetween(2_000, 18_000);
    }

    @Test
    void anEvenCountTakesTheMeanOfTheTwoMiddlePricesInHalfFen() {
        assertThat(R22PriceSide.median(new long[]{300_001, 300_000}, new long[]{1, 1}, 2, 2))
                .isEqualByComparingTo("300000.5");
        assertThat(R22PriceSide.median(new long[]{500, 100, 300}, new long[]{1, 2, 1}, 3, 4))
                .isEqualByComparingTo("200");
    }

    @Test
    void cellsHoldingFewerGrantsThanCountedAreADefect() {
        assertThatThrownBy(() -> R22PriceSide.median(new long[]{1, 2}, new long[]{1, 1}, 2, 5))
                .isInstanceOf(IllegalStateException.class);
    }
}
