package cn.huanxin.ledger.api.config;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pooled processor whose work packages count their queues handles every event once, in order,
 * as Axon's own does — and its packages really hold the counting queue (Axon's private fields are
 * where {@link CountedWorkQueues} expects them, in the Axon version the ledger runs).
 */
class CountedWorkQueuesTest {

    private static final int EVENTS = 20_000;

    private final List<ScheduledExecutorService> executors = new ArrayList<>();
    private final List<PooledStreamingEventProcessor> processors = new ArrayList<>();

    @AfterEach
    void stop() {
        processors.forEach(PooledStreamingEventProcessor::shutDown);
        executors.forEach(ScheduledExecutorService::shutdownNow);
    }

    @Test
    void workPackagesCountTheirQueuesAndHandleEveryEventInOrder() throws Exception {
        EmbeddedEventStore store = storeWith(EVENTS);
        Seen seen = new Seen();
        PooledStreamingEventProcessor processor = processor("counted", store, seen, 1);

        assertThat(CountedWorkQueues.install(processor)).isTrue();
        assertThat(CountedWorkQueues.install(processor)).as("a second install changes nothing").isTrue();
        processor.start();

        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> seen.values.size() >= EVENTS);
        assertThat(seen.values).containsExactlyElementsOf(IntStream.range(0, EVENTS).boxed().toList());
        assertThat(AxonProcessorInternals.workQueues(processor)).containsExactly("LinkedBlockingQueue");

        store.publish(GenericEventMessage.asEventMessage(EVENTS));
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> seen.values.size() == EVENTS + 1);
        assertThat(seen.values.get(EVENTS)).isEqualTo(EVENTS);
    }

    @Test
    void withoutItAxonsQueueWalksItsEntries() throws Exception {
        EmbeddedEventStore store = storeWith(10);
        Seen seen = new Seen();
        PooledStreamingEventProcessor processor = processor("axon", store, seen, 1);
        processor.start();

        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> seen.values.size() == 10);
        assertThat(AxonProcessorInternals.workQueues(processor)).containsExactly("ConcurrentLinkedQueue");
    }

    @Test
    void segmentsClaimedAfterAReleaseAreCountedToo() throws Exception {
        EmbeddedEventStore store = storeWith(5_000);
        Seen seen = new Seen();
        PooledStreamingEventProcessor processor = processor("restarted", store, seen, 2);
        assertThat(CountedWorkQueues.install(processor)).isTrue();
        processor.start();
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> seen.values.size() == 5_000);

        processor.shutDown();
        processor.resetTokens();
        processor.start();
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> seen.values.size() == 10_000);
        assertThat(AxonProcessorInternals.workQueues(processor)).containsExactly("LinkedBlockingQueue");
        assertThat(processor.processingStatus()).hasSize(2);
        assertThat(seen.values.subList(5_000, 10_000)).containsExactlyInAnyOrderElementsOf(seen.values.subList(0, 5_000));
    }

    @Test
    void aProcessorOfAnotherKindIsLeftAsItIs() {
        EmbeddedEventStore store = storeWith(0);
        TrackingEventProcessor tracking = TrackingEventProcessor.builder().name("tracking")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Seen()).build())
                .messageSource(store).tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE).build();
        assertThat(CountedWorkQueues.install(tracking)).isFalse();
    }

    private static EmbeddedEventStore storeWith(int events) {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        for (int i = 0; i < events; i += 1_000) {
            store.publish(IntStream.range(i, Math.min(events, i + 1_000))
                    .mapToObj(GenericEventMessage::asEventMessage).toList());
        }
        return store;
    }

    private PooledStreamingEventProcessor processor(String name, EmbeddedEventStore store, Seen seen, int segments) {
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
        executors.add(coordinator);
        executors.add(workers);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder().name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(seen).build())
                .messageSource(store).tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(coordinator).workerExecutor(workers)
                .initialSegmentCount(segments).batchSize(100).build();
        processors.add(processor);
        return processor;
    }

    /** The payloads handled, in the order handled. */
    static final class Seen {
        final List<Integer> values = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Integer value) {
            values.add(value);
        }
    }
}
