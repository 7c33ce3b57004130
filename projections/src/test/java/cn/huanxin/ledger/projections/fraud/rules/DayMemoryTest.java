package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class DayMemoryTest {

    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    private static DayWindows.Window window(String key, int from, int to) {
        return new DayWindows.Window(key, START.plusDays(from), START.plusDays(to));
    }

    @Test
    void readsOnlyTheDaysNotReadBefore() {
        DayMemory<String> memory = new DayMemory<>();
        assertThat(memory.unread(List.of(window("a", 10, 20)))).containsExactly(window("a", 10, 20));
        memory.read(List.of(window("a", 10, 20), window("a", 30, 40)));

        assertThat(memory.unread(List.of(window("a", 12, 18)))).isEmpty();
        assertThat(memory.unread(List.of(window("a", 5, 45)))).containsExactly(window("a", 5, 9),
                window("a", 21, 29), window("a", 41, 45));
        assertThat(memory.unread(List.of(window("a", 20, 30)))).containsExactly(window("a", 21, 29));
        assertThat(memory.unread(List.of(window("b", 12, 18)))).containsExactly(window("b", 12, 18));

        // adjacent ranges merge: 10–20, 21–29 and 30–40 become one
        memory.read(List.of(window("a", 21, 29)));
        assertThat(memory.unread(List.of(window("a", 10, 40)))).isEmpty();
        assertThat(memory.unread(List.of(window("a", 9, 41)))).containsExactly(window("a", 9, 9), window("a", 41, 41));
    }

    /** Random windows read in random order: a day is unread exactly when no window read so far held it. */
    @Test
    void unreadDaysAreExactlyThoseNoReadWindowHeld() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            DayMemory<String> memory = new DayMemory<>();
            Set<Integer> read = new TreeSet<>();
            for (int step = 0; step < 12; step++) {
                int from = random.nextInt(100);
                DayWindows.Window asked = window("k", from, from + random.nextInt(20));
                List<Integer> expected = new ArrayList<>();
                for (int day = from; !START.plusDays(day).isAfter(asked.to()); day++) {
                    if (!read.contains(day)) {
                        expected.add(day);
                    }
                }
                List<Integer> unread = new ArrayList<>();
                for (DayWindows.Window part : memory.unread(List.of(asked))) {
                    assertThat(part.from()).isBeforeOrEqualTo(part.to());
                    for (LocalDate day = part.from(); !day.isAfter(part.to()); day = day.plusDays(1)) {
                        unread.add((int) (day.toEpochDay() - START.toEpochDay()));
                    }
                }
                assertThat(unread).as("round %d step %d", round, step).isEqualTo(expected);
                if (random.nextBoolean()) {
                    memory.read(List.of(asked));
                    for (int day = from; !START.plusDays(day).isAfter(asked.to()); day++) {
                        read.add(day);
                    }
                }
            }
        }
    }

    @Test
    void forgetsTheLeastRecentlyUsedKeysBeyondTheBoundButNeverTheBatchAtHand() {
        DayMemory<String> memory = new DayMemory<>();
        for (String key : List.of("a", "b", "c")) {
            memory.read(List.of(window(key, 0, 9)));
            for (int day = 0; day < 4; day++) {
                memory.day(key, START.plusDays(day), d -> key + d, 1);
            }
        }
        assertThat(memory.size()).isEqualTo(12);
        memory.days("a");

        memory.trim(8, List.of("c"));
        assertThat(memory.size()).isEqualTo(8);
        assertThat(memory.unread(List.of(window("b", 0, 9)))).as("b was the least recently used")
                .containsExactly(window("b", 0, 9));
        assertThat(memory.unread(List.of(window("a", 0, 9), window("c", 0, 9)))).isEmpty();

        memory.trim(0, List.of("a", "c"));
        assertThat(memory.size()).as("the batch's keys stay, whatever the bound").isEqualTo(8);
        memory.trim(0, List.of());
        assertThat(memory.size()).isZero();
        assertThat(memory.keys()).isZero();
    }

    /**
     * Begun on an empty table, the memory holds every row: it reads nothing, until it forgets a key, whose
     * days are then read again in full. Begun on a table that has rows, it reads as any memory does.
     */
    @Test
    void aMemoryBegunOnAnEmptyTableReadsOnlyTheKeysItForgot() {
        JdbcTemplate jdbc = ProjectionDatabases.h2();
        DayMemory<String> memory = new DayMemory<>(jdbc, "fraud_r24_day");
        assertThat(memory.unread(List.of(window("a", 0, 9), window("b", 5, 30)))).isEmpty();
        for (String key : List.of("a", "b", "c")) {
            memory.day(key, START.plusDays(1), d -> key, 1);
        }
        memory.days("c");
        memory.trim(2, List.of("c"));
        assertThat(memory.keys()).isEqualTo(2);
        assertThat(memory.unread(List.of(window("a", 0, 9), window("b", 5, 30), window("c", 0, 3))))
                .as("a was forgotten").containsExactly(window("a", 0, 9));
        memory.read(List.of(window("a", 0, 9)));
        assertThat(memory.unread(List.of(window("a", 2, 8)))).isEmpty();
        assertThat(memory.unread(List.of(window("a", 2, 12)))).containsExactly(window("a", 10, 12));

        jdbc.update("INSERT INTO fraud_r24_day (merchant_id, occurred_on, grants, alerted) VALUES ('m', ?, 1, 0)",
                START);
        DayMemory<String> begunOnRows = new DayMemory<>(jdbc, "fraud_r24_day");
        assertThat(begunOnRows.unread(List.of(window("m", 0, 9)))).containsExactly(window("m", 0, 9));
    }
}
