package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@link KeyFilter} never loses a key the table has or the rule added: made from a table on H2 and on
 * PostgreSQL (keys repeated, keys that sort oddly, pages that end inside a run of one key), it holds
 * every key of the table and leaves out most others; a table with more keys than the capacity gives a
 * filter that holds every key; a memory for one batch does not read the table at all.
 */
class KeyFilterTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void holdsEveryKeyOfTheTableOnH2() {
        holdsEveryKeyOfTheTable(ProjectionDatabases.h2());
    }

    @Test
    void holdsEveryKeyOfTheTableOnPostgres() {
        holdsEveryKeyOfTheTable(new JdbcTemplate(postgres.getPostgresDatabase()));
    }

    private void holdsEveryKeyOfTheTable(JdbcTemplate jdbc) {
        jdbc.execute("DROP TABLE IF EXISTS key_filter_test");
        jdbc.execute("CREATE TABLE key_filter_test (id INT PRIMARY KEY, person_ref VARCHAR(80))");
        Random random = new Random(7);
        List<String> stored = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // a few hundred keys, most of them several times; case, digits, Chinese and punctuation
            String key = switch (random.nextInt(4)) {
                case 0 -> "P" + random.nextInt(300);
                case 1 -> "p-" + random.nextInt(300);
                case 2 -> "人" + random.nextInt(100) + "号";
                default -> "Z_" + random.nextInt(200) + " x";
            };
            stored.add(key);
            rows.add(new Object[]{i, key});
        }
        rows.add(new Object[]{-1, null});
        jdbc.batchUpdate("INSERT INTO key_filter_test (id, person_ref) VALUES (?, ?)", rows);
        long distinct = stored.stream().distinct().count();

        for (int page : new int[]{3, 64, 10_000}) {
            KeyFilter filter = KeyFilter.of(jdbc, "key_filter_test", "person_ref", 100_000, page);
            assertThat(filter.filters()).isTrue();
            assertThat(stored).as("page of %d keys", page).allMatch(filter::mayHold);
            assertThat(filter.mayHold(stored)).hasSize(stored.size());
            int held = 0;
            for (int i = 0; i < 10_000; i++) {
                held += filter.mayHold("absent-" + i) ? 1 : 0;
            }
            assertThat(held).as("absent keys held by mistake, page %d", page).isLessThan(100);
            filter.add("absent-added");
            assertThat(filter.mayHold("absent-added")).isTrue();
        }

        KeyFilter full = KeyFilter.of(jdbc, "key_filter_test", "person_ref", distinct - 1, 50);
        assertThat(full.filters()).isFalse();
        assertThat(full.mayHold("absent-0")).isTrue();
        assertThat(KeyFilter.of(jdbc, "key_filter_test", "person_ref", distinct, 50).filters()).isTrue();

        jdbc.execute("DELETE FROM key_filter_test");
        KeyFilter empty = KeyFilter.of(jdbc, "key_filter_test", "person_ref", 1_000, 50);
        assertThat(empty.filters()).isTrue();
        assertThat(empty.mayHold("P1")).isFalse();
        assertThat(empty.mayHold((String) null)).isTrue();
        jdbc.execute("DROP TABLE key_filter_test");
    }

    @Test
    void aFilterFilledToItsCapacityHoldsEveryKeyAndFewerThanOnePercentOfOthers() {
        int capacity = 200_000;
        KeyFilter filter = KeyFilter.empty(capacity);
        Random random = new Random(11);
        List<String> added = new ArrayList<>(capacity);
        for (int i = 0; i < capacity; i++) {
            String key = "P-" + Long.toHexString(random.nextLong()) + (i % 3 == 0 ? "人" : "");
            added.add(key);
            filter.add(key);
        }
        assertThat(added).allMatch(filter::mayHold);
        int held = 0;
        int asked = 200_000;
        for (int i = 0; i < asked; i++) {
            held += filter.mayHold("Q-" + Long.toHexString(random.nextLong())) ? 1 : 0;
        }
        assertThat(held).as("absent keys held by mistake at capacity").isLessThan(asked / 100);
        // a tiny filter still works: one block at least
        KeyFilter one = KeyFilter.empty(1);
        one.add("a");
        assertThat(one.mayHold("a")).isTrue();
    }

    @Test
    void aMemoryKeptBetweenBatchesMakesItsFilterOnceAndForgetsItWithTheState() {
        JdbcTemplate jdbc = ProjectionDatabases.h2();
        jdbc.execute("CREATE TABLE key_filter_memory (k VARCHAR(20))");
        RuleMemory memory = new RuleMemory(10);
        KeyFilter filter = memory.keys(jdbc, "key_filter_memory", "k");
        assertThat(filter.mayHold("a")).isFalse();
        filter.add("a");
        assertThat(memory.keys(jdbc, "key_filter_memory", "k")).isSameAs(filter);
        jdbc.update("INSERT INTO key_filter_memory (k) VALUES ('b')");
        memory.forget();
        KeyFilter again = memory.keys(jdbc, "key_filter_memory", "k");
        assertThat(again).isNotSameAs(filter);
        assertThat(again.mayHold("b")).isTrue();
        assertThat(again.mayHold("a")).isFalse();
    }

    @Test
    void aMemoryForOneBatchReadsNoTable() {
        KeyFilter filter = RuleMemory.forOneBatch().keys(ProjectionDatabases.h2(), "no_such_table", "k");
        assertThat(filter.filters()).isFalse();
        assertThat(filter.mayHold("anything")).isTrue();
        assertThat(filter.mayHold(List.of("x", "y"))).containsExactly("x", "y");
    }

    @Test
    void refusesNamesThatAreNotPlainIdentifiers() {
        JdbcTemplate jdbc = ProjectionDatabases.h2();
        assertThatThrownBy(() -> KeyFilter.of(jdbc, "t; DROP TABLE x", "k", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyFilter.of(jdbc, "t", "k OR 1=1", 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
