package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.cluster.ClusterStatus;
import cn.huanxin.ledger.api.cluster.TokenTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Posted events wait, bounded, while a live view is far behind anywhere in the cluster; other views
 * never hold them up.
 */
class ViewBackpressureTest {

    private final EventStore store = mock(EventStore.class);
    private final Map<String, ClusterStatus.View> views = new LinkedHashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ViewBackpressureTest() {
        head(100_000);
    }

    @Test
    void aLiveViewFarBehindMakesIngestionWaitUntilItCatchesUp() throws Exception {
        view("fraud", 70_000, false, false, true);
        view("balance", 100_000, false, false, true);
        ViewBackpressure backpressure = backpressure(20_000, Duration.ofSeconds(30));
        backpressure.sample();
        assertThat(backpressure.lag()).isEqualTo(30_000);

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(backpressure::awaitViews);
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        view("fraud", 95_000, false, false, true);
        backpressure.sample();
        waiting.get(5, TimeUnit.SECONDS);
        assertThat(meters.counter("ledger.ingest.backpressure.waits").count()).isEqualTo(1);
    }

    @Test
    void aViewThatDoesNotCatchUpHoldsIngestionUpForMaxWaitOnly() {
        view("fraud", 10_000, false, false, true);
        ViewBackpressure backpressure = backpressure(20_000, Duration.ofMillis(200));
        backpressure.sample();
        long started = System.nanoTime();
        backpressure.awaitViews();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /**
     * When the sampler stops answering (the database went away and its query waits for a connection),
     * a waiting post goes on once the last answered sample is a second old, not after max-wait.
     */
    @Test
    void aWaitEndsWhenTheSamplerStopsAnswering() throws Exception {
        view("fraud", 70_000, false, false, true);
        AtomicLong clock = new AtomicLong();
        ViewBackpressure backpressure = backpressure(clock);
        backpressure.sample();
        assertThat(backpressure.behind()).isTrue();
        assertThat(backpressure.staleAfter()).isEqualTo(Duration.ofSeconds(1));

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(backpressure::awaitViews);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(900));
        Thread.sleep(200);
        assertThat(waiting).as("the last sample is 900 ms old: still waiting").isNotDone();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        waiting.get(5, TimeUnit.SECONDS);
        assertThat(backpressure.behind()).as("nothing sampled since: still behind as far as it knows").isTrue();
    }

    @Test
    void rebuildingFailingAndStoppedViewsAndSmallLagsDoNotHoldIngestionUp() {
        view("rebuilding", 0, true, false, true);
        view("failing", 0, false, true, true);
        view("stopped", 0, false, false, false);
        view("close", 85_000, false, false, true);
        views.put("half-held", new ClusterStatus.View("half-held", List.of(segment("half-held", 0, "node-b", 90_000),
                segment("half-held", 1, null, 0)), false, false));
        ViewBackpressure backpressure = backpressure(20_000, Duration.ofSeconds(30));
        backpressure.sample();
        assertThat(backpressure.lag()).isEqualTo(15_000);
        long started = System.nanoTime();
        backpressure.awaitViews();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(meters.counter("ledger.ingest.backpressure.waits").count()).isZero();
    }

    /**
     * The bound is in time: a view that has moved at 1,000 events/s while behind may be 5 s of that
     * behind (5,000 events), one at 6,000 events/s up to the 20,000 that hold whatever the pace; a
     * pace is known after 3 s behind, and a small lag (2,000) never holds ingestion up.
     */
    @Test
    void aViewMayBeAsFarBehindAsItCatchesUpInMaxViewDelayAtItsOwnPace() {
        AtomicLong clock = new AtomicLong();
        ViewBackpressure backpressure = backpressure(clock);

        behindFor(backpressure, clock, "fraud", 8_000, 1_000, 2);
        assertThat(backpressure.behind()).as("no pace yet after 2 s: only the 20,000 hold").isFalse();
        behindFor(backpressure, clock, "fraud", 8_000, 1_000, 4);
        assertThat(backpressure.behind()).as("8,000 behind at 1,000 events/s: 8 s to catch up").isTrue();
        assertThat(backpressure.lag()).isEqualTo(8_000);
        behindFor(backpressure, clock, "fraud", 4_500, 1_000, 4);
        assertThat(backpressure.behind()).as("4,500 behind at 1,000 events/s").isFalse();

        views.clear();
        behindFor(backpressure, clock, "slow", 1_900, 100, 5);
        assertThat(backpressure.behind()).as("below 2,000 however slow").isFalse();
        behindFor(backpressure, clock, "slow", 2_100, 100, 5);
        assertThat(backpressure.behind()).as("2,100 behind at 100 events/s").isTrue();
        assertThat(backpressure.bound(100)).isEqualTo(2_000);

        views.clear();
        behindFor(backpressure, clock, "fast", 19_000, 6_000, 5);
        assertThat(backpressure.behind()).as("19,000 behind at 6,000 events/s").isFalse();
        behindFor(backpressure, clock, "fast", 21_000, 6_000, 5);
        assertThat(backpressure.behind()).as("over 20,000 whatever the pace").isTrue();
    }

    /** A view that has caught up forgets its pace: keeping up shows ingestion's pace, not its own. */
    @Test
    void aViewThatCaughtUpStartsItsPaceAfresh() {
        AtomicLong clock = new AtomicLong();
        ViewBackpressure backpressure = backpressure(clock);
        behindFor(backpressure, clock, "fraud", 8_000, 1_000, 5);
        assertThat(backpressure.behind()).isTrue();
        behindFor(backpressure, clock, "fraud", 0, 1_000, 0);
        behindFor(backpressure, clock, "fraud", 8_000, 1_000, 1);
        assertThat(backpressure.behind()).as("behind for 1 s since it caught up: no pace yet").isFalse();
    }

    @Test
    void zeroTurnsItOff() {
        view("fraud", 0, false, false, true);
        ViewBackpressure backpressure = backpressure(0, Duration.ofSeconds(30));
        backpressure.sample();
        long started = System.nanoTime();
        backpressure.awaitViews();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    private ViewBackpressure backpressure(long maxLag, Duration maxWait) {
        return new ViewBackpressure(new ViewBackpressureProperties(maxLag, maxWait, Duration.ofMillis(200),
                Duration.ofSeconds(5), 2_000), () -> new ArrayList<>(views.values()), store, meters, System::nanoTime);
    }

    /** Back-pressure with the default settings on a clock the test moves. */
    private ViewBackpressure backpressure(AtomicLong clock) {
        return new ViewBackpressure(new ViewBackpressureProperties(20_000, Duration.ofSeconds(30),
                Duration.ofMillis(200), Duration.ofSeconds(5), 2_000), () -> new ArrayList<>(views.values()), store,
                meters, clock::get);
    }

    /** Where {@link #behindFor} left its view. */
    private long position = 500_000;

    /**
     * Samples a view {@code seconds + 1} times a second apart, moving on at {@code pace} events/s from
     * where the last call left it, the head {@code lag} ahead.
     */
    private void behindFor(ViewBackpressure backpressure, AtomicLong clock, String name, long lag, long pace,
                           int seconds) {
        for (int s = 0; s <= seconds; s++) {
            head(position + lag);
            view(name, position, false, false, true);
            backpressure.sample();
            position += pace;
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }
    }

    private void head(long position) {
        when(store.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(position));
    }

    /** A view of one segment, held by another node when running (this node holds none of it). */
    private void view(String name, long position, boolean replaying, boolean error, boolean running) {
        TokenTable.Segment segment = new TokenTable.Segment(name, 0, running ? "node-b" : null, Instant.now(), position,
                replaying, replaying ? 100_000 : -1);
        views.put(name, new ClusterStatus.View(name, List.of(segment), false, error));
    }

    private static TokenTable.Segment segment(String view, int segment, String owner, long position) {
        return new TokenTable.Segment(view, segment, owner, Instant.now(), position, false, -1);
    }
}
