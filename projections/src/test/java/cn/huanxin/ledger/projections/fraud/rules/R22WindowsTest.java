package cn.huanxin.ledger.projections.fraud.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R22's running window sums answer what the walk over the window's price cells answers: for random
 * cells of several merchants, prices at the thresholds, grants by merchants with and without cells of
 * their own; and, kept from grant to grant while grants of a few days in flight are added, what a
 * window summed afresh from every grant so far answers.
 */
class R22WindowsTest {

    private static final String[] MARKUPS = {"0", "0.10", "0.20", "0.333", "1.5"};

    /** A grant recorded: its merchant, day and price. */
    private record Grant(String merchant, LocalDate day, long price) {
    }

    private static final LocalDate START = LocalDate.of(2024, 9, 1);

    /** What the rule did before the sums: the window's cells walked into the merchant's side and the others'. */
    private static R22PriceSide[] walk(List<Grant> grants, String merchant, LocalDate from, LocalDate to) {
        R22PriceSide own = new R22PriceSide();
        R22PriceSide others = new R22PriceSide();
        own.reset(0);
        others.reset(Integer.MAX_VALUE);
        for (Grant grant : grants) {
            if (!grant.day().isBefore(from) && !grant.day().isAfter(to)) {
                (grant.merchant().equals(merchant) ? own : others).add(grant.merchant(), grant.price(), 1);
            }
        }
        return new R22PriceSide[]{own, others};
    }

    private static void assertSame(R22Windows.Window window, List<Grant> grants, String merchant, long price,
                                   BigDecimal factor, LocalDate day, int lookbackDays, String context) {
        R22PriceSide[] sides = walk(grants, merchant, day.minusDays(lookbackDays), day.minusDays(1));
        assertThat(window.ownGrants(merchant)).as(context).isEqualTo(sides[0].grants());
        assertThat(window.otherGrants(merchant)).as(context).isEqualTo(sides[1].grants());
        assertThat(window.otherMerchants(merchant)).as(context).isEqualTo(sides[1].merchants.size());
        if (sides[0].grants() > 0) {
            assertThat(window.ownExceeded(merchant, price, factor)).as(context)
                    .isEqualTo(sides[0].exceededBy(price, factor));
        }
        if (sides[1].grants() > 0) {
            assertThat(window.othersExceeded(merchant, price, factor)).as(context)
                    .isEqualTo(sides[1].exceededBy(price, factor));
        }
    }

    @Test
    void aWindowDecidesAsTheWalkOverItsCells() {
        Random random = new Random(5);
        String[] merchants = {"M-1", "M-2", "M-3", "M-4"};
        int[] answers = new int[2];
        for (int round = 0; round < 20_000; round++) {
            List<Grant> grants = new ArrayList<>();
            R22Windows.Window window = new R22Windows.Window(START);
            int size = 1 + random.nextInt(round % 10 == 0 ? 200 : 10);
            for (int i = 0; i < size; i++) {
                // the merchant's own prices and the market's often share a price, and so a cell
                Grant grant = new Grant(merchants[random.nextInt(round % 3 == 0 ? 1 : merchants.length)],
                        START.minusDays(1 + random.nextInt(30)), 1_000 + random.nextInt(random.nextBoolean() ? 5 : 400));
                grants.add(grant);
                window.add(grant.merchant(), grant.price(), 1);
            }
            BigDecimal factor = BigDecimal.ONE.add(new BigDecimal(MARKUPS[random.nextInt(MARKUPS.length)]));
            String merchant = random.nextInt(6) == 0 ? "M-9" : merchants[random.nextInt(merchants.length)];
            // prices around the marked-up middle of the cells
            long price = BigDecimal.valueOf(grants.get(random.nextInt(size)).price()).multiply(factor).longValue()
                    + random.nextInt(5) - 2;
            R22PriceSide[] sides = walk(grants, merchant, START.minusDays(30), START.minusDays(1));
            if (sides[1].grants() > 0) {
                answers[sides[1].exceededBy(price, factor) ? 1 : 0]++;
            }
            assertSame(window, grants, merchant, price, factor, START, 30, "round " + round);
        }
        assertThat(answers[0]).as("both answers are tried").isGreaterThan(2_000);
        assertThat(answers[1]).as("both answers are tried").isGreaterThan(2_000);
    }

    @Test
    void keptWindowsFollowTheGrantsAddedAndWeighWhatTheyHold() {
        Random random = new Random(13);
        int lookbackDays = 10;
        DayMemory<Object> memory = new DayMemory<>();
        R22Windows windows = new R22Windows(lookbackDays, memory);
        List<Grant> grants = new ArrayList<>();
        String[] merchants = {"M-1", "M-2", "M-3"};
        int made = 0;
        for (int i = 0; i < 5_000; i++) {
            // a few days in flight, moving on: grants are posted up to three days late
            LocalDate day = START.plusDays(i / 100 + random.nextInt(7) - 3);
            String merchant = merchants[random.nextInt(merchants.length)];
            long price = 1_000 + random.nextInt(40) * 10;
            boolean kept = windows.window("M", day) != null;
            R22Windows.Window window = windows.window("M", day, (from, to, cells) -> {
                assertThat(from).as("a day of the cells").isBeforeOrEqualTo(to);
                for (Grant grant : grants) {
                    if (!grant.day().isBefore(from) && !grant.day().isAfter(to)) {
                        cells.grants(grant.merchant(), grant.price(), 1);
                    }
                }
            });
            if (!kept) {
                made++;
                R22Windows.Window summed = new R22Windows.Window(day);
                for (Grant grant : grants) {
                    if (grant.day().isBefore(day) && !grant.day().isBefore(day.minusDays(lookbackDays))) {
                        summed.add(grant.merchant(), grant.price(), 1);
                    }
                }
                assertThat(window).as("made at grant " + i).hasToString(summed.toString());
            }
            assertThat(windows.window("M", day)).isSameAs(window);
            assertSame(window, grants, merchant, price, new BigDecimal("1.10"), day, lookbackDays, "grant " + i);
            grants.add(new Grant(merchant, day, price));
            windows.add("M", day, merchant, price, 1);
        }
        assertThat(made).as("windows are kept from grant to grant").isLessThan(500);
        // nine days in use at once: each day's window is made again after it was forgotten
        assertThat(made).isGreaterThan(50);
        // the memory weighs the model's windows kept: at most 8, each at most 40 prices × (3 merchants + market)
        assertThat(memory.size()).isBetween(1L, (long) R22Windows.PER_MODEL * 40 * 4);

        memory.trim(0, List.of());
        windows.retain(memory::holds);
        assertThat(memory.size()).isZero();
        assertThat(windows.window("M", START.plusDays(49))).as("forgotten with the model").isNull();
    }

    @Test
    void aWindowMadeFromANearbyDaysWindowHoldsWhatTheSumOfItsDaysHolds() {
        Random random = new Random(21);
        int lookbackDays = 30;
        DayMemory<Object> memory = new DayMemory<>();
        R22Windows windows = new R22Windows(lookbackDays, memory);
        List<Grant> grants = new ArrayList<>();
        int[] made = new int[2];
        LocalDate today = START;
        for (int i = 0; i < 4_000; i++) {
            // sparse cells: a few grants a day at many prices, so that prices and merchants leave windows;
            // now and then a grant weeks or months late, whose window is made from a later day's or afresh
            today = today.plusDays(random.nextInt(4) == 0 ? 1 : 0);
            LocalDate day = random.nextInt(10) == 0 ? today.minusDays(random.nextInt(100)) : today;
            String merchant = "M-" + random.nextInt(6);
            long price = 1_000 + random.nextInt(300);
            LocalDate windowFrom = day.minusDays(lookbackDays);
            R22Windows.Window window = windows.window("M", day, (from, to, cells) -> {
                made[from.equals(windowFrom) && to.equals(day.minusDays(1)) ? 0 : 1]++;
                for (Grant grant : grants) {
                    if (!grant.day().isBefore(from) && !grant.day().isAfter(to)) {
                        cells.grants(grant.merchant(), grant.price(), 1);
                    }
                }
            });
            R22Windows.Window summed = new R22Windows.Window(day);
            for (Grant grant : grants) {
                if (grant.day().isBefore(day) && !grant.day().isBefore(windowFrom)) {
                    summed.add(grant.merchant(), grant.price(), 1);
                }
            }
            assertThat(window).as("grant " + i).hasToString(summed.toString());
            assertSame(window, grants, merchant, price, new BigDecimal("1.20"), day, lookbackDays, "grant " + i);
            grants.add(new Grant(merchant, day, price));
            windows.add("M", day, merchant, price, 1);
        }
        assertThat(made[1]).as("days taken out of or added to a nearby day's window").isGreaterThan(500);
        assertThat(made[0]).as("windows summed afresh").isGreaterThan(50);
    }
}
