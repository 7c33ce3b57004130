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
