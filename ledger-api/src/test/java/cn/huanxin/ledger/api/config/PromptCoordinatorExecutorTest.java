package cn.huanxin.ledger.api.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's executor shortens exactly Axon's 100 ms wait for a full work package, and no
 * other delay.
 */
class PromptCoordinatorExecutorTest {

    @Test
    void onlyTheWaitForAFullWorkPackageIsShortened() {
        assertThat(PromptCoordinatorExecutor.prompt(100, TimeUnit.MILLISECONDS))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(PromptCoordinatorExecutor.FULL_QUEUE_POLL_MILLIS));
        assertThat(PromptCoordinatorExecutor.prompt(100_000, TimeUnit.MICROSECONDS))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(PromptCoordinatorExecutor.FULL_QUEUE_POLL_MILLIS));
        for (long other : List.of(0L, 1L, 99L, 101L, 500L, 1_000L, 2_000L, 5_000L)) {
            assertThat(PromptCoordinatorExecutor.prompt(other, TimeUnit.MILLISECONDS))
                    .isEqualTo(TimeUnit.MILLISECONDS.toNanos(other));
        }
        assertThat(PromptCoordinatorExecutor.prompt(100, TimeUnit.SECONDS)).isEqualTo(TimeUnit.SECONDS.toNanos(100));
    }

    /** Tasks run in the order of their deadlines: the shortened one first, the others as scheduled. */
    @Test
    void aTaskWaitingForRoomRunsBeforeOnesDueLater() throws InterruptedException {
        PromptCoordinatorExecutor executor = new PromptCoordinatorExecutor("test");
        try {
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(3);
            executor.schedule(() -> record(ran, "claim interval 150 ms", done), 150, TimeUnit.MILLISECONDS);
            executor.schedule(() -> record(ran, "full, 100 ms", done), 100, TimeUnit.MILLISECONDS);
            executor.schedule(() -> record(ran, "idle 60 ms", done), 60, TimeUnit.MILLISECONDS);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("full, 100 ms", "idle 60 ms", "claim interval 150 ms");
            assertThat(Thread.currentThread().getName()).isNotEqualTo("Coordinator[test]-0");
        } finally {
            executor.shutdownNow();
        }
    }

    private static void record(List<String> ran, String task, CountDownLatch done) {
        ran.add(task);
        done.countDown();
    }
}
