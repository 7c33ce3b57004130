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
        return new ViewBackpressure(new ViewBackpressureProperties(maxLag, maxWait, Duration.ofMillis(200)),
                () -> new ArrayList<>(views.values()), store, meters, System::nanoTime);
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
