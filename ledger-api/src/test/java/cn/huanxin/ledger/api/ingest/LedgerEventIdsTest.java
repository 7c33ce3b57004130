package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.config.ManyThreads;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ledger event ids are canonical UUIDs of version 7: they carry the time they were made, grow in the
 * order they are made (as text too, which is how the tables index them), and never repeat, also
 * when several threads make them at once.
 */
class LedgerEventIdsTest {

    @Test
    void idsAreVersionSevenUuidsOfTheirMillisecondInTheOrderMade() {
        long before = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(LedgerEventIds.next());
        }
        long after = System.currentTimeMillis();
        for (String id : ids) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            long millis = uuid.getMostSignificantBits() >>> 16;
            assertThat(millis).isBetween(before, after);
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i).compareTo(ids.get(i - 1))).as("id %d after id %d", i, i - 1).isPositive();
        }
    }

    @Test
    void idsMadeOnSeveralThreadsAtOnceNeverRepeat() throws Exception {
        assertThat(ManyThreads.distinct(LedgerEventIds::next, 4, 50_000)).hasSize(200_000);
    }
}
