package cn.huanxin.ledger.api.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Posted events wait, bounded, while a live view is far behind; other views never hold them up. */
class ViewBackpressureTest {

    private final EventStore store = mock(EventStore.class);
    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final Map<String, EventProcessor> processors = new LinkedHashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ViewBackpressureTest() {
        when(processing.eventProcessors()).thenReturn(processors);
        head(100_000);
    }

    @Test
    void aLiveViewFarBehindMakesIngestionWaitUntilItCatchesUp() throws Exception {
        StreamingEventProcessor fraud = view("fraud", 70_000, false, false, true);
        view("balance", 100_000, false, false, true);
        ViewBackpressure backpressure = backpressure(20_000, Duration.ofSeconds(30));
        backpressure.sample();
        assertThat(backpressure.lag()).isEqualTo(30_000);

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(backpressure::awaitViews);
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        status(fraud, 0, 95_000, false, false);
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
                processing, store, meters);
    }

    private void head(long position) {
        when(store.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(position));
    }

    private StreamingEventProcessor view(String name, long position, boolean replaying, boolean error, boolean running) {
        StreamingEventProcessor view = mock(StreamingEventProcessor.class);
        when(view.isRunning()).thenReturn(running);
        status(view, 0, position, replaying, error);
        processors.put(name, view);
        return view;
    }

    private static void status(StreamingEventProcessor view, int segment, long position, boolean replaying,
                               boolean error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getTrackingToken()).thenReturn(new GlobalSequenceTrackingToken(position));
        when(status.isReplaying()).thenReturn(replaying);
        when(status.isErrorState()).thenReturn(error);
        when(view.processingStatus()).thenReturn(Map.of(segment, status));
    }
}
